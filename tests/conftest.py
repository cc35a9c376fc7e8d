"""Settings for the whole suite.

Property tests (hypothesis) have no per-example deadline: the suite runs beside other work on a
two-core CI machine, and a slow example there is not a failure. Speed is measured by benchmarks/,
never by timing in tests.
"""

from hypothesis import settings

settings.register_profile("ita-site", deadline=None)
settings.load_profile("ita-site")
