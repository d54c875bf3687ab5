"""Development tooling, not part of the product: ``config.settings.prod`` never installs it.

- ``demo/``: the demo data and users (``manage.py seed_demo``, run by ``make run``).
- ``management/commands/seed_load.py``: a large data set for benchmarks.
- ``management/commands/bench.py`` and ``import_bench.py``: the benchmarks (``make bench``).
- ``testing.py``: logging a test client in, for the tests and the benchmark.
"""
