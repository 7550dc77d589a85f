"""cxsim.fit_retention against `cxsim fit-retention`: the same FIT.json from a file, the same fit
from a DataFrame as from the file it was read from, the fits as DataFrames, and bad data raising
DataError with each located problem.

Run by CTest with PYTHONPATH naming build/python, CXSIM_SOURCE_DIR the checkout and
CXSIM_COMMAND the `cxsim` binary.
"""
import json
import os
import subprocess
from pathlib import Path

import pandas as pd
import pytest

import cxsim

SOURCE = Path(os.environ["CXSIM_SOURCE_DIR"])
COMMAND = os.environ["CXSIM_COMMAND"]
HIGH_END = SOURCE / "scenarios" / "data" / "fader_hardie_high_end.csv"


def test_a_fit_from_python_is_the_fit_of_the_command(tmp_path):
    subprocess.run([COMMAND, "fit-retention", str(HIGH_END), "--fit-periods", "5", "-o",
                    str(tmp_path / "fit.json")], check=True, stdout=subprocess.DEVNULL)
    from_command = json.loads((tmp_path / "fit.json").read_text())
    fits = cxsim.fit_retention(HIGH_END, fit_periods=5)
    assert fits.to_dict() == from_command
    assert len(fits.verdicts) == 1 and fits.verdicts[0].startswith("The data favour")


def test_the_fits_as_data_frames():
    fits = cxsim.fit_retention(HIGH_END)
    table = fits.fits()
    assert list(table["model"]) == ["constant", "sbg", "bdw"]
    assert pd.isna(table["lr_p_value"][0]) and table["lr_p_value"][1] < 0.001
    parameters = fits.parameters().set_index(["model", "parameter"])
    assert parameters.loc[("sbg", "alpha"), "estimate"] == pytest.approx(0.668, abs=5e-4)
    assert parameters.loc[("sbg", "beta"), "estimate"] == pytest.approx(3.806, abs=5e-4)
    covariance = fits.covariance("sbg")
    assert list(covariance.index) == ["alpha", "beta"]
    assert covariance.loc["alpha", "alpha"] == pytest.approx(
        parameters.loc[("sbg", "alpha"), "se"] ** 2)
    assert fits.projection().empty


def test_a_data_frame_fits_as_its_file():
    frame = pd.read_csv(HIGH_END)
    from_frame = cxsim.fit_retention(frame, model="sbg").to_dict()
    from_file = cxsim.fit_retention(HIGH_END, model="sbg").to_dict()
    assert from_frame["fits"] == from_file["fits"]
    assert from_frame["data"]["file"] == "<DataFrame>"


def test_bad_data_and_arguments_raise():
    frame = pd.DataFrame({"cohort": ["a", "a", "a"], "period": [0, 1, 2],
                          "alive": [100, 80, 90]})
    with pytest.raises(cxsim.DataError) as error:
        cxsim.fit_retention(frame)
    assert error.value.problems == [
        "<DataFrame>:4:5: alive: cohort 'a' has 90 alive in period 2, more than the 80 of period 1 "
        "(line 3): alive can only fall"]
    with pytest.raises(ValueError, match="--model: unknown model 'sgb'"):
        cxsim.fit_retention(HIGH_END, model="sgb")
    with pytest.raises(ValueError, match="--fit-periods"):
        cxsim.fit_retention(HIGH_END, fit_periods=7)
    geometric = pd.DataFrame({"cohort": ["a"] * 6, "period": range(6),
                              "alive": [1024, 512, 256, 128, 64, 32]})
    with pytest.raises(cxsim.FitError, match="did not converge"):
        cxsim.fit_retention(geometric, model="bdw")
