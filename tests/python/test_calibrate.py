"""cxsim.calibrate against `cxsim calibrate`: the same estimates from the same observations, the
fit as DataFrames, and malformed observations raising ScenarioError with each located problem.

Run by CTest with PYTHONPATH naming build/python, CXSIM_SOURCE_DIR the checkout and
CXSIM_COMMAND the `cxsim` binary.
"""
import json
import os
import subprocess
from pathlib import Path

import pytest

import cxsim

SOURCE = Path(os.environ["CXSIM_SOURCE_DIR"])
COMMAND = os.environ["CXSIM_COMMAND"]
SCENARIO = SOURCE / "scenarios" / "saas_b2b.yaml"
OBSERVED = SOURCE / "bench" / "data" / "saas_b2b_observed.yaml"


def test_a_calibration_from_python_is_the_commands(tmp_path):
    report = tmp_path / "report.json"
    subprocess.run([COMMAND, "calibrate", str(SCENARIO), "--observed", str(OBSERVED),
                    "--customers", "5000", "--report", str(report)], check=True,
                   stdout=subprocess.DEVNULL)
    command = json.loads(report.read_text())["fits"][0]["parameters"]
    fit = cxsim.calibrate(cxsim.load(SCENARIO), OBSERVED, customers=5000)
    parameters = fit.parameters().set_index("path")
    assert list(parameters.index) == list(command)
    for path, value in command.items():
        assert parameters.loc[path, "estimate"] == value["estimate"]
        assert parameters.loc[path, "se"] == value["se"]
    assert set(fit.moments()["kind"]) == {"churn", "nps", "csat"}
    curves = fit.retention_curves()
    assert len(curves) == 24 and (curves["fitted"].diff().dropna() <= 0).all()
    assert fit.favoured == "ewma"


def test_malformed_observations_raise_with_their_location():
    text = OBSERVED.read_text().replace("lower: 4\n", "lower: 50\n")
    with pytest.raises(cxsim.ScenarioError) as raised:
        cxsim.calibrate(cxsim.load(SCENARIO), text, customers=5000)
    assert raised.value.problems == ["<observed>:7:10: unknowns[0].upper: must be above `lower`"]
