#!/usr/bin/python3
"""Executes notebooks top to bottom, as `make notebooks` and the tests do: each runs in a fresh
Python 3 kernel with notebooks/ as its working directory, and its executed copy, outputs and
all, is written to --output-dir for reading. A cell that fails fails the run (exit 1), naming
the notebook and the cell; the committed notebooks themselves stay without outputs.

    /usr/bin/python3 notebooks/run_notebooks.py --output-dir build/notebooks notebooks/*.ipynb

The kernel imports cxsim from PYTHONPATH (build/python once the module is built).
"""
import argparse
import os
import sys
import time
from pathlib import Path

import nbclient
import nbformat

NOTEBOOKS = Path(__file__).resolve().parent


def execute(path, output_dir):
    notebook = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(notebook, timeout=300, kernel_name="python3",
                                     resources={"metadata": {"path": str(NOTEBOOKS)}})
    start = time.monotonic()
    try:
        client.execute()
    finally:
        output_dir.mkdir(parents=True, exist_ok=True)
        nbformat.write(notebook, output_dir / path.name)
    return time.monotonic() - start


def main():
    # The kernels run in notebooks/: a relative PYTHONPATH (build/python) must name the same place
    # there as here.
    os.environ["PYTHONPATH"] = os.pathsep.join(
        str(Path(entry).resolve()) for entry in os.environ.get("PYTHONPATH", "").split(os.pathsep)
        if entry)
    # ipykernel's debugger otherwise warns on every kernel start about Python's frozen modules.
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--output-dir", type=Path, required=True)
    args = parser.parse_args()
    failed = False
    for path in args.notebooks:
        try:
            seconds = execute(path, args.output_dir)
            print(f"{path.name}: ran in {seconds:.1f} s -> {args.output_dir / path.name}")
        except nbclient.exceptions.CellExecutionError as error:
            print(f"{path.name}: a cell failed (its output is in {args.output_dir / path.name})"
                  f"\n{error}", file=sys.stderr)
            failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
