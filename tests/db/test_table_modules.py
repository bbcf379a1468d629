"""``militancydb.db.tables`` imports a table's module when the table is first asked for
(issue 15): each module must then map on its own (its relationships within it), asking
for ``Base`` must give the whole schema, and every name it lists must be a table of the
module it names."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from militancydb.db import tables


@pytest.mark.parametrize("module", sorted(tables.MODULES))
def test_each_table_module_maps_on_its_own(module: str) -> None:
    code = (
        "import json, sys\n"
        f"import militancydb.db.{module} as m\n"
        "from sqlalchemy.orm import configure_mappers\n"
        "configure_mappers()\n"
        "from militancydb.db.base import Base\n"
        "print(json.dumps(sorted(c.class_.__name__ for c in Base.registry.mappers)))\n"
        "print(json.dumps(sorted(n for n in sys.modules if n.startswith('militancydb.db.')"
        " and n.split('.')[-1] in "
        f"{sorted(tables.MODULES)!r})))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    mapped, loaded = done.stdout.strip().splitlines()
    assert json.loads(mapped) == sorted(tables.MODULES[module])
    assert json.loads(loaded) == [f"militancydb.db.{module}"]


def test_base_is_the_whole_schema_and_every_name_is_where_it_is_listed() -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "from militancydb.db.tables import Base; print(len(Base.registry.mappers))",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    listed = [name for names in tables.MODULES.values() for name in names]
    assert int(done.stdout) == len(listed) == len(set(listed))
    for module, names in tables.MODULES.items():
        for name in names:
            cls = getattr(tables, name)
            assert cls.__module__ == f"militancydb.db.{module}"
            assert cls.__table__.metadata is tables.Base.metadata
    assert {m.class_.__name__ for m in tables.Base.registry.mappers} == set(listed)
    with pytest.raises(AttributeError, match="NoSuchTable"):
        tables.NoSuchTable  # noqa: B018
