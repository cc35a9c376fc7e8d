#!/usr/bin/env python3
"""Change the first measure of an indicator YAML file (a new marker each call): the one-item edit."""
import os
import sys
import time

path = sys.argv[1]
text = open(path, encoding="utf-8").read()
marker = f"แก้{time.time_ns()}-{os.getpid()} "
open(path, "w", encoding="utf-8").write(text.replace('measures:\n  - "', 'measures:\n  - "' + marker, 1))
