"""until_ci, sweep, compare and prioritize from Python against the commands they mirror: the same
arguments give the same numbers and the same errors, and running until a precision target adds
customers (or replications) to what it has simulated instead of starting over.

Run by CTest with PYTHONPATH naming build/python, CXSIM_SOURCE_DIR the checkout and
CXSIM_COMMAND the `cxsim` binary.
"""
import json
import os
import re
import subprocess
from pathlib import Path

import pytest

import cxsim

SOURCE = Path(os.environ["CXSIM_SOURCE_DIR"])
COMMAND = os.environ["CXSIM_COMMAND"]
REFERENCE = SOURCE / "scenarios" / "saas_b2b.yaml"
CHECKOUT = SOURCE / "scenarios" / "checkout_functional_first.yaml"


def cxsim_command(*arguments, check=True):
    return subprocess.run([COMMAND, *map(str, arguments)], capture_output=True, text=True,
                          check=check)


def results_file(path):
    results = json.loads(Path(path).read_text())
    del results["performance"]
    return results


def without_performance(result):
    results = dict(result.to_dict())
    del results["performance"]
    return results


def half_width(estimate):
    return 0.5 * (estimate["hi"] - estimate["lo"])


def test_until_ci_is_the_command_s_until_ci(tmp_path):
    printed = cxsim_command("run", CHECKOUT, "--customers", "1000", "--seed", "5", "--threads", "2",
                            "--quiet", "--until-ci", "retention=0.004", "-o", tmp_path).stdout
    result = cxsim.until_ci(cxsim.load(CHECKOUT), "retention=0.004", customers=1000, seed=5,
                            threads=2)
    assert without_performance(result) == results_file(tmp_path / "results.json")
    precision = result.precision
    assert precision["reached"] and not precision["by_replications"]
    assert precision["customers"] > 1000
    assert precision["half_width"] <= 0.004
    assert precision["half_width"] == half_width(result.to_dict()["variants"][0]["totals"]
                                                 ["retention"])
    assert (f"--until-ci retention=0.004: ±{precision['half_width']:.12g} with "
            f"{precision['customers']} customers and 1 replication, reached") in printed


def test_until_ci_simulates_each_customer_once():
    # A run grown to N customers lives the same customers as a fresh run of N: the same
    # customer-months, and the same estimates up to rounding, with no customer simulated twice.
    scenario = cxsim.load(CHECKOUT)
    grown = cxsim.until_ci(scenario, "npv=1", customers=600, max_customers=5000, threads=2)
    assert not grown.precision["reached"]
    assert grown.precision["customers"] == 5000 and grown.precision["most"] == 5000
    fresh = cxsim.run(scenario, customers=5000, threads=2)
    assert grown.performance["customer_months"] == fresh.performance["customer_months"]
    assert grown.performance["interactions"] == fresh.performance["interactions"]
    for grown_variant, fresh_variant in zip(grown.to_dict()["variants"],
                                            fresh.to_dict()["variants"]):
        for figure in ("retention", "revenue", "npv"):
            assert grown_variant["totals"][figure]["mean"] == pytest.approx(
                fresh_variant["totals"][figure]["mean"], rel=1e-9)


def test_until_ci_adds_replications_when_parameters_are_uncertain(tmp_path):
    # saas_b2b draws some parameters per replication: with two replications the interval is the
    # spread across them, which only more replications narrow. Replications are added to those
    # run, so the result is a fresh run of as many replications.
    scenario = cxsim.load(REFERENCE)
    settings = dict(customers=300, replications=2, seed=3, threads=2)
    two = cxsim.run(scenario, **settings).to_dict()
    assert two["settings"]["intervals"] == "across_replications"
    target = f"all_fixes.delta_npv={half_width(two['variants'][-1]['vs_baseline']['delta_npv']) / 3}"
    grown = cxsim.until_ci(scenario, target, **settings)
    precision = grown.precision
    assert precision["by_replications"] and precision["reached"]
    assert precision["customers"] == 300 and precision["replications"] > 2
    assert precision["most"] == 100000
    fresh = cxsim.run(scenario, **{**settings, "replications": precision["replications"]})
    assert without_performance(grown) == without_performance(fresh)
    assert grown.performance["customer_months"] == fresh.performance["customer_months"]

    printed = cxsim_command("run", REFERENCE, "--customers", "300", "--replications", "2",
                            "--seed", "3", "--threads", "2", "--quiet", "--until-ci", target,
                            "-o", tmp_path).stdout
    assert without_performance(grown) == results_file(tmp_path / "results.json")
    assert f"{precision['replications']} replications, reached" in printed


def test_until_ci_rejects_what_the_command_rejects():
    scenario = cxsim.load(CHECKOUT)
    for target in ("delta_npv=5", "nosuchfix.npv=5", "npv=-1", "npv", "npx=5"):
        command = cxsim_command("run", CHECKOUT, "--until-ci", target, check=False)
        assert command.returncode == 2
        with pytest.raises(ValueError) as raised:
            cxsim.until_ci(scenario, target)
        assert command.stderr == f"cxsim: --until-ci: {str(raised.value)[len('until_ci: '):]}\n"

    command = cxsim_command("run", CHECKOUT, "--until-ci", "npv=5", "--max-customers", "1",
                            check=False)
    assert command.returncode == 2
    with pytest.raises(ValueError) as raised:
        cxsim.until_ci(scenario, "npv=5", max_customers=1)
    assert str(raised.value) == "until_ci: the most customers must be from 2 to 4294967295, got 1"
    assert command.stderr == f"cxsim: --until-ci: {str(raised.value)[len('until_ci: '):]}\n"


def test_sweep_is_the_command_s_sweep():
    vary = ["journey[checkout].functional.success=0.8:0.95:3", "perception.memory=0.5:0.9:2"]
    command = cxsim_command("sweep", CHECKOUT, "--customers", "800", "--threads", "2", "--quiet",
                            *[argument for spec in vary for argument in ("--vary", spec)])
    swept = cxsim.sweep(cxsim.load(CHECKOUT), vary, customers=800, threads=2)
    assert swept.csv == command.stdout
    points = swept.points()
    assert len(points) == 5 * len(cxsim.load(CHECKOUT).variants)
    assert list(points.columns[:3]) == ["journey[checkout].functional.success",
                                        "perception.memory", "variant"]
    tornado = swept.tornado()
    assert list(tornado["swing"]) == sorted(tornado["swing"], reverse=True)
    assert set(tornado["parameter"]) == {"journey[checkout].functional.success",
                                         "perception.memory"}
    assert len(swept.tornado("net_value")) == len(tornado)

    grid = cxsim.sweep(cxsim.load(CHECKOUT), vary, grid=True, customers=800, threads=2)
    assert len(grid.points()) == 3 * 2 * len(cxsim.load(CHECKOUT).variants)
    with pytest.raises(ValueError):
        grid.tornado()


def test_sweep_rejects_what_the_command_rejects():
    scenario = cxsim.load(CHECKOUT)
    for vary in ("perception.memory=0.9:0.5:2", "journey[nowhere].functional.success=0.1:0.2:2"):
        command = cxsim_command("sweep", CHECKOUT, "--vary", vary, check=False)
        assert command.returncode == 2
        with pytest.raises(ValueError) as raised:
            cxsim.sweep(scenario, vary)
        assert command.stderr == f"cxsim: {raised.value}\n"

    invalid = "journey[checkout].functional.success=0.5:1.2:2"
    command = cxsim_command("sweep", CHECKOUT, "--vary", invalid, check=False)
    assert command.returncode == 2
    with pytest.raises(cxsim.ScenarioError) as raised:
        cxsim.sweep(scenario, invalid)
    expected = [re.sub("^cxsim: ", "", line) for line in command.stderr.splitlines()]
    assert raised.value.problems == expected
    assert "the scenario is not valid with journey[checkout].functional.success at 1.2" in \
        expected[0]


def test_compare_is_the_command_s_compare(tmp_path):
    for seed in (1, 2):
        cxsim_command("run", CHECKOUT, "--customers", "600", "--seed", seed, "--threads", "2",
                      "--quiet", "-o", tmp_path / f"seed{seed}")
    a, b = tmp_path / "seed1" / "results.json", tmp_path / "seed2" / "results.json"
    command = cxsim_command("compare", a, b, "--csv")
    comparison = cxsim.compare(a, b)
    assert comparison.csv == command.stdout
    assert comparison.notes == command.stderr.splitlines()
    rows = comparison.rows()
    assert list(rows.columns) == ["variant", "figure", "a_mean", "a_lo", "a_hi", "b_mean", "b_lo",
                                  "b_hi", "difference", "significant"]
    assert not comparison.shared_random_numbers and comparison.confidence == 0.95

    # A Result in place of a file: the same run, the same rows.
    from_python = cxsim.run(cxsim.load(CHECKOUT), customers=600, seed=2, threads=2)
    assert cxsim.compare(a, from_python).csv == comparison.csv


def test_compare_rejects_what_the_command_rejects(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text("{")
    command = cxsim_command("compare", CHECKOUT, broken, check=False)
    assert command.returncode == 2
    with pytest.raises(ValueError) as raised:
        cxsim.compare(CHECKOUT, broken)
    assert command.stderr == "".join(f"cxsim: {line}\n" for line in str(raised.value).splitlines())
    assert "compare takes the results.json files that 'cxsim run' writes" in str(raised.value)


def test_prioritize_is_the_command_s_prioritize():
    printed = cxsim_command("prioritize", CHECKOUT, "--threads", "2").stdout
    prioritization = cxsim.prioritize(cxsim.load(CHECKOUT), threads=2)
    # Without customers, the file's 40000 capped at 20000, as the command.
    assert prioritization.customers == 20000
    assert "20000 simulated customers" in printed
    for pair in prioritization.pairs().itertuples():
        assert f"  {pair.first} + {pair.second}: " in printed
        assert re.search(rf"{pair.first} \+ {pair.second}: .*  {pair.verdict}\b", printed)
    best = prioritization.ranking()["fixes"][0]
    assert printed.index(f"  {best}\n") < printed.index("Pairs:")

    text = CHECKOUT.read_text()
    no_fixes = cxsim.load(text[:text.index("\nfixes:") + 1])
    assert no_fixes.fixes == []
    with pytest.raises(ValueError, match="^<text> has no fixes to prioritize$"):
        cxsim.prioritize(no_fixes)
    with pytest.raises(ValueError, match="the budget must be a number >= 0, got -5"):
        cxsim.prioritize(cxsim.load(CHECKOUT), budget=-5)


def test_settings_have_one_set_of_limits_the_scenario_s_validation():
    scenario = cxsim.load(CHECKOUT)
    for setting, value, message in (("replications", 100001, "must be <= 100000, got 100001"),
                                    ("months", 601, "must be <= 600, got 601"),
                                    ("customers", 1, "must be >= 2, got 1"),
                                    ("seed", -1, "must be >= 0, got -1")):
        command = cxsim_command("run", CHECKOUT, f"--{setting}", value, "-o", "never",
                                check=False)
        assert command.returncode == 2
        with pytest.raises(cxsim.ScenarioError) as raised:
            scenario.with_overrides({f"simulation.{setting}": value})
        # The same located problem from the command line and from Python.
        assert raised.value.problems == command.stderr.splitlines()[1:]
        assert f": simulation.{setting}: {message}" in raised.value.problems[0]
    # Within the limits, any value: 100000 replications is allowed (not run here).
    assert scenario.with_overrides({"simulation.replications": 100000}).replications == 100000


def test_every_setting_of_the_table_can_be_overridden():
    scenario = cxsim.load(CHECKOUT)
    result = cxsim.run(scenario.with_overrides({"simulation.customers": 500,
                                                "simulation.confidence": 0.8,
                                                "population.size": 1000,
                                                "perception.model": "peak_end"}), threads=1)
    settings = result.to_dict()["settings"]
    assert settings["confidence"] == 0.8
    assert settings["population_size"] == 1000
    for bad, message in (({"simulation.confidence": "high"}, "expected a number"),
                         ({"population.size": 0.5}, "expected a whole number"),
                         ({"perception.model": 3}, "expected a model name"),
                         ({"simulation.confidence": 1.5}, "must be in (0, 1), got 1.5")):
        with pytest.raises(cxsim.ScenarioError) as raised:
            scenario.with_overrides(bad)
        assert message in str(raised.value)


def test_warnings_and_paybacks_read_as_the_command_s(tmp_path):
    # The reference scenario's reliable_activation has an uncertain effect: two replications
    # are too few, and Python warns in the words the command writes on stderr and in the file.
    command = cxsim_command("run", REFERENCE, "--customers", "2000", "--seed", "3",
                            "--replications", "2", "--threads", "2", "--quiet", "-o", tmp_path)
    with pytest.warns(UserWarning) as caught:
        result = cxsim.run(cxsim.load(REFERENCE), customers=2000, seed=3, replications=2,
                           threads=2)
    written = results_file(tmp_path / "results.json")["warnings"]
    assert len(written) == 1 and "only 2 replications" in written[0]
    assert [str(warning.message) for warning in caught] == written
    assert result.to_dict()["warnings"] == written
    assert command.stderr == f"cxsim: warning: {written[0]}\n"
    # Each fix's payback as the table shows it, its month counted from 1.
    rows = {line.split()[0]: line for line in command.stdout.splitlines() if line.strip()}
    for variant, fix in result.vs_baseline().iterrows():
        assert f"  {fix['payback']}   P(ROI>0)" in rows[variant]
        if fix["payback_month"] is not None and fix["payback_month"] == fix["payback_month"]:
            assert fix["payback"].startswith(f"month {int(fix['payback_month']) + 1}")


def test_sweep_and_prioritize_take_the_command_s_seed_and_replications():
    vary = "perception.memory=0.5:0.9:2"
    settings = ("--customers", "500", "--seed", "9", "--replications", "2", "--threads", "2")
    command = cxsim_command("sweep", CHECKOUT, "--vary", vary, "--quiet", *settings)
    swept = cxsim.sweep(cxsim.load(CHECKOUT), vary, customers=500, seed=9, replications=2,
                        threads=2)
    assert swept.csv == command.stdout
    assert cxsim.sweep(cxsim.load(CHECKOUT), vary, customers=500, seed=10, replications=2,
                       threads=2).csv != swept.csv

    printed = cxsim_command("prioritize", CHECKOUT, *settings).stdout
    assert "2 replications (seed 9)" in printed
    ranking = cxsim.prioritize(cxsim.load(CHECKOUT), customers=500, seed=9, replications=2,
                               threads=2).ranking()
    for row in ranking.itertuples():
        assert f"payback {row.payback}, P(ROI > 0) " in printed
    other = cxsim.prioritize(cxsim.load(CHECKOUT), customers=500, seed=10, replications=2,
                             threads=2).ranking()
    assert list(other["net_value"]) != list(ranking["net_value"])
