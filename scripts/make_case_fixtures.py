"""Turn one fault case of ../shared/cases into a complete raw-layout dataset.

Thin entry point: the code is `revops_warehouse.cases.make_case_fixtures`
(src/revops_warehouse/cases/), installed in editable mode by scripts/bootstrap.sh;
`--help` for the options.
"""

from revops_warehouse.cases.make_case_fixtures import main

if __name__ == "__main__":
    main()
