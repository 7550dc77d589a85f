"""The cxsim Python module against the command: same scenario and seed, the same results; bad
input raises ScenarioError with every located problem; overrides validate; the engine runs
without holding the interpreter lock.

Run by CTest with PYTHONPATH naming build/python, CXSIM_SOURCE_DIR the checkout and
CXSIM_COMMAND the `cxsim` binary.
"""
import json
import os
import subprocess
import threading
import time
from pathlib import Path

import pandas as pd
import pytest

import cxsim

SOURCE = Path(os.environ["CXSIM_SOURCE_DIR"])
COMMAND = os.environ["CXSIM_COMMAND"]
REFERENCE = SOURCE / "scenarios" / "saas_b2b.yaml"


def test_a_run_from_python_is_the_run_of_the_command(tmp_path):
    subprocess.run([COMMAND, "run", str(REFERENCE), "--customers", "3000", "--seed", "11",
                    "--replications", "2", "--threads", "2", "--quiet", "-o", str(tmp_path)],
                   check=True, stdout=subprocess.DEVNULL)
    from_command = json.loads((tmp_path / "results.json").read_text())
    result = cxsim.run(cxsim.load(str(REFERENCE)), customers=3000, seed=11, replications=2,
                       threads=2)
    from_python = result.to_dict()
    # Everything but the timing, which differs from run to run.
    for results in (from_command, from_python):
        del results["performance"]
    assert from_python == from_command
    # Uncertain parameters over two replications: each figure's Monte Carlo part, as in the
    # file, and the quantiles across replications.
    vs = result.vs_baseline()
    for variant in from_command["variants"][1:]:
        expected = variant["vs_baseline"]
        assert vs.loc[variant["id"], "delta_npv_mc_half_width"] == \
            expected["delta_npv"]["mc_half_width"]
        assert vs.loc[variant["id"], "roi_p95"] == expected["roi_quantiles"]["p95"]
    assert (vs["roi_p5"] <= vs["roi_p50"]).all() and (vs["roi_p50"] <= vs["roi_p95"]).all()

    monthly = pd.read_csv(tmp_path / "monthly.csv")
    frame = result.monthly()
    assert len(frame) == len(monthly)
    assert list(frame["variant"]) == list(monthly["variant"])
    for figure in ("alive", "revenue", "npv"):
        assert list(frame[figure]) == pytest.approx(list(monthly[f"{figure}_mean"]), rel=1e-15)
        assert list(frame[f"{figure}_lo"]) == pytest.approx(list(monthly[f"{figure}_lo"]),
                                                             rel=1e-15)


def test_the_frames_hold_every_variant_month_and_figure():
    scenario = cxsim.load(REFERENCE)
    result = cxsim.run(scenario, customers=2000, threads=2)
    variants = scenario.variants
    assert variants[0] == "baseline" and len(variants) == 7
    monthly = result.monthly()
    assert len(monthly) == len(variants) * scenario.months
    assert (monthly["alive_lo"] <= monthly["alive"]).all()
    assert (monthly["alive"] <= monthly["alive_hi"]).all()
    totals = result.totals()
    assert set(totals["figure"]) == {"retention", "revenue", "npv", "cost_to_serve", "referrals",
                                     "nps", "terminal_value", "npv_with_terminal_value"}
    # The reference scenario has no terminal value: its figures are there, without a value.
    assert totals[totals["figure"] == "terminal_value"]["mean"].isna().all()
    vs = result.vs_baseline()
    assert list(vs.index) == variants[1:]
    for figure in ("delta_npv", "roi", "net_value", "cost_pv"):
        assert (vs[f"{figure}_lo"] <= vs[figure]).all() and (vs[figure] <= vs[f"{figure}_hi"]).all()
    assert result.performance["customer_months"] > 0


def test_the_value_past_the_horizon_is_reported_apart_and_roi_says_its_basis():
    scenario = cxsim.load(REFERENCE.parent / "retention_economics.yaml")
    vs = cxsim.run(scenario, customers=2000, threads=2).vs_baseline()
    assert (vs["roi_basis"] == "npv").all()
    assert list(vs["delta_npv_with_terminal_value"] - vs["delta_terminal_value"]) == \
        pytest.approx(list(vs["delta_npv"]), rel=1e-9)
    assert (vs["cost_pv_past_horizon"] > 0).all()


def test_yaml_text_loads_and_a_bad_scenario_raises_every_located_problem():
    text = (REFERENCE).read_text()
    assert cxsim.load(text).name == cxsim.load(REFERENCE).name
    broken = text.replace("customers: 200000", "customers: 1").replace("months: 24", "months: 0")
    with pytest.raises(cxsim.ScenarioError) as raised:
        cxsim.load(broken)
    problems = raised.value.problems
    assert any(p.startswith("<text>:") and ": simulation.customers: must be >= 2" in p
               for p in problems), problems
    assert any(": simulation.months:" in p for p in problems), problems

    malformed = SOURCE / "tests" / "malformed" / "revenue_sd_without_mean.yaml"
    with pytest.raises(cxsim.ScenarioError) as raised:
        cxsim.load(malformed)
    expected = (SOURCE / "tests" / "malformed" / "revenue_sd_without_mean.expected").read_text()
    assert raised.value.problems == [f"{malformed}:{line}" for line in expected.splitlines()]

    with pytest.raises(cxsim.ScenarioError) as raised:
        cxsim.load("no/such/scenario.yaml")
    assert "no/such/scenario.yaml" in str(raised.value)


def test_overrides_change_numbers_settings_and_models_and_are_validated():
    scenario = cxsim.load(REFERENCE)
    changed = scenario.with_overrides({"journey[first_value].functional.success": 0.95,
                                       "simulation.customers": 1500,
                                       "perception.model": "peak_end"})
    assert changed.customers == 1500 and scenario.customers == 200000
    base = cxsim.run(scenario, customers=1500, threads=2).totals()
    after = cxsim.run(changed, threads=2).totals()
    assert not base.equals(after)

    for bad, message in (({"journey[first_value].functional.success": 1.5}, "functional.success"),
                         ({"journey[nowhere].functional.success": 0.5}, "unknown parameter"),
                         ({"simulation.customers": 2.5}, "expected a whole number"),
                         ({"perception.model": "crystal_ball"}, "perception.model"),
                         ({"simulation.months": 3}, "outside the 3-month horizon")):
        with pytest.raises(cxsim.ScenarioError) as raised:
            scenario.with_overrides(bad)
        assert message in str(raised.value), (bad, str(raised.value))
    with pytest.raises(cxsim.ScenarioError):
        cxsim.run(scenario, customers=1)


def test_the_engine_runs_without_the_interpreter_lock():
    # A short piece of Python work, started once the run has begun, must finish before the run
    # does: holding the lock, the engine would keep it waiting to the end.
    scenario = cxsim.load(REFERENCE)
    started, times = threading.Event(), {}

    def simulate():
        started.set()
        try:
            cxsim.run(scenario, customers=60000, threads=1)
        finally:
            times["run ended"] = time.monotonic()

    worker = threading.Thread(target=simulate)
    worker.start()
    started.wait()
    time.sleep(0.05)  # into the run
    sum(range(200000))
    times["python work ended"] = time.monotonic()
    worker.join(timeout=120)
    assert not worker.is_alive()
    assert times["python work ended"] < times["run ended"]


def test_overrides_are_named_in_the_results_they_change():
    scenario = cxsim.load(str(REFERENCE))
    plain = cxsim.run(scenario.with_overrides({"simulation.customers": 500}), threads=2)
    assert plain.to_dict()["scenario"]["file"] == str(REFERENCE)
    assert plain.to_dict()["scenario"]["sha256"] != ""
    changed = cxsim.run(scenario.with_overrides({"simulation.customers": 500,
                                                 "retention.perception_effect": 2}), threads=2)
    source = changed.to_dict()["scenario"]
    assert source["file"] == f"{REFERENCE} with retention.perception_effect=2"
    assert source["sha256"] == ""


def test_prioritize_ranks_sets_and_judges_pairs():
    scenario = cxsim.load(SOURCE / "scenarios" / "checkout_functional_first.yaml")
    prioritization = cxsim.prioritize(scenario, budget=1e12, customers=20000, threads=2)
    ranking = prioritization.ranking()
    assert len(ranking) == 3
    assert list(ranking["net_value"]) == sorted(ranking["net_value"], reverse=True)
    assert prioritization.best_within_budget["fixes"] == ranking["fixes"][0].split(" + ")
    pairs = prioritization.pairs()
    assert list(pairs["verdict"]) == ["compound"]


def test_cohorts_hold_every_variant_and_join_month_with_acquisition():
    scenario = cxsim.load(SOURCE / "scenarios" / "onboarding_cohorts.yaml")
    result = cxsim.run(scenario, customers=4000, threads=2)
    cohorts = result.cohorts()
    assert len(cohorts) == len(scenario.variants) * scenario.months  # the base, months 1 … H−1
    assert list(cohorts["join_month"][:3]) == [0, 1, 2]
    for variant, npv in cohorts.groupby("variant")["npv"].sum().items():
        total = result.totals().query("variant == @variant and figure == 'npv'")["mean"].item()
        assert npv == pytest.approx(total, rel=1e-12)
    fixed = cohorts[cohorts["variant"] == "guided_first_week"]
    assert (fixed[fixed["join_month"] < 6]["delta_npv"] == 0).all()
    assert cohorts[cohorts["variant"] == "baseline"]["delta_npv"].isna().all()
    assert cxsim.run(cxsim.load(REFERENCE), customers=1000, threads=2).cohorts().empty
