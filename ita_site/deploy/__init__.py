"""Publish stage, after the build: put output/ on the agency's server and check what is live.

targets.py: where files go (a folder, sftp://, ftps:// or ftp://), one small interface for all three;
            remote.py holds the SFTP and FTP ones.
plan.py:    the deploy manifest kept in DEST and the plan made from it (what to upload, delete, keep).
run.py:     `ita-site deploy`: carry the plan out in a safe order, with progress and resumption.
verify.py:  `ita-site verify`: open every URL of the site as an assessor would.
arguments.py: the three commands' arguments (deploy, verify, server-config) for cli.py.

Imports: the build's modules (model, urls, ledger, serverrules, ...) may be used here; nothing in the
build imports this folder.
"""
