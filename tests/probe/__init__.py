# A package, so pytest imports this folder's conftest as `probe.conftest` and the
# top-level `conftest` other tests import stays tests/conftest.py.
