"""mtbrief tests.  A regular package, so that ``python -m tests.api.server_for_tests`` finds
these tests even where a dependency installs a top-level ``tests`` package (spylls 0.1.7 does)."""
