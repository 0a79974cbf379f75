"""Benchmark the build at K disjoint copies of the demo company (issue 13). Not a test.

Thin entry point: the code is `revops_warehouse.benchmark` (src/revops_warehouse/);
`--help` for the options. Writes docs/benchmark.md.
"""

from revops_warehouse.benchmark import main

if __name__ == "__main__":
    raise SystemExit(main())
