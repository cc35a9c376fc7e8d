"""ita-site: a static site generator for the ITA (OIT) disclosure websites of Thai agencies."""

__version__ = "0.1.0"
