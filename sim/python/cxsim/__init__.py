"""cxsim in Python: the engine in process, its results as pandas DataFrames.

    import cxsim
    scenario = cxsim.load("scenarios/saas_b2b.yaml")
    result = cxsim.run(scenario, customers=20000, seed=7)
    result.vs_baseline()          # Δ NPV, ROI, payback … per fix, with intervals
    result.monthly()              # retention, revenue and NPV by variant and month

A run gives what `cxsim run` writes for the same file, settings and seed (`to_dict()` is its
results.json, timing aside). Problems in a scenario raise ScenarioError, which carries every
"FILE:LINE:COL: PATH: message" line.
"""

import json
from pathlib import Path

import pandas as pd

from . import _cxsim

__all__ = ["ScenarioError", "Scenario", "Result", "Prioritization", "load", "run", "prioritize"]


class ScenarioError(ValueError):
    """A scenario that cannot run; `problems` lists each one as FILE:LINE:COL: PATH: message."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


def _accepted(loading):
    scenario, problems = loading
    if problems:
        raise ScenarioError(problems)
    return Scenario(scenario)


class Scenario:
    """A valid scenario. Immutable: `with_overrides` returns a changed copy."""

    def __init__(self, engine_scenario):
        self._scenario = engine_scenario

    name = property(lambda self: self._scenario.name)
    customers = property(lambda self: self._scenario.customers)
    months = property(lambda self: self._scenario.months)
    replications = property(lambda self: self._scenario.replications)
    seed = property(lambda self: self._scenario.seed)
    fixes = property(lambda self: self._scenario.fixes, doc="the fixes' ids, in file order")
    variants = property(lambda self: self._scenario.variants,
                        doc="the variants a run reports: baseline, each fix, all_fixes, combinations")

    def with_overrides(self, overrides):
        """A copy with some numbers changed, validated again.

        Keys are paths as validation messages name them, with names for indices allowed
        (`journey[signup].functional.success`, `segments[smb].revenue.monthly_mean`,
        `fixes[0].cost.one_time`), `simulation.customers|months|replications|seed`, or
        `perception.model` / `retention.model` with a model's name.
        """
        return _accepted(self._scenario.with_overrides(list(dict(overrides).items())))

    def __repr__(self):
        return (f"<cxsim.Scenario {self.name!r}: {self.customers} customers, {self.months} months,"
                f" {len(self.fixes)} fixes>")


def load(path_or_yaml_text):
    """A scenario from a file path or from YAML text (text is anything holding a line break)."""
    if isinstance(path_or_yaml_text, Path) or "\n" not in str(path_or_yaml_text):
        return _accepted(_cxsim.load_file(str(path_or_yaml_text)))
    return _accepted(_cxsim.load_text(path_or_yaml_text, "<text>"))


def _settings(scenario, customers, months, replications, seed):
    overrides = {f"simulation.{key}": value for key, value in
                 (("customers", customers), ("months", months), ("replications", replications),
                  ("seed", seed)) if value is not None}
    return scenario.with_overrides(overrides) if overrides else scenario


def run(scenario, customers=None, threads=None, seed=None, months=None, replications=None):
    """Simulates the scenario's variants; the settings given replace the scenario's."""
    scenario = _settings(scenario, customers, months, replications, seed)
    return Result(json.loads(_cxsim.run(scenario._scenario, threads or 0)))


def _estimate_columns(estimate):
    if estimate is None:
        return {"mean": None, "lo": None, "hi": None}
    return {"mean": estimate["mean"], "lo": estimate["lo"], "hi": estimate["hi"]}


class Result:
    """What one run reports: results.json as a dict, and as DataFrames."""

    def __init__(self, results):
        self._results = results

    def to_dict(self):
        """The results.json structure (SPEC §4.3), as `cxsim run` writes it."""
        return self._results

    def monthly(self):
        """One row per variant and month: alive, revenue and cumulative NPV, each with lo, hi."""
        rows = []
        for variant in self._results["variants"]:
            series = variant["monthly"]
            for month in range(len(series["alive"]["mean"])):
                row = {"variant": variant["id"], "month": month}
                for figure in ("alive", "revenue", "npv"):
                    for key in ("mean", "lo", "hi"):
                        row[figure if key == "mean" else f"{figure}_{key}"] = series[figure][key][month]
                rows.append(row)
        return pd.DataFrame(rows)

    def totals(self):
        """One row per variant and figure (retention, revenue, npv, cost_to_serve, referrals,
        nps): mean, lo, hi."""
        rows = [{"variant": variant["id"], "figure": figure, **_estimate_columns(estimate)}
                for variant in self._results["variants"]
                for figure, estimate in variant["totals"].items()]
        return pd.DataFrame(rows)

    def vs_baseline(self):
        """One row per variant but the baseline: each figure against the baseline with its
        interval (`delta_npv`, `delta_npv_lo`, `delta_npv_hi`, …), payback month and its range,
        and, with two replications or more, P(ROI > 0) and the p5, p50 and p95 of ROI and Δ NPV
        across replications. When the intervals span uncertain parameters, each figure's Monte
        Carlo part is beside it (`delta_npv_mc_half_width`, …)."""
        rows = []
        for variant in self._results["variants"]:
            vs = variant.get("vs_baseline")
            if vs is None:
                continue
            row = {"variant": variant["id"]}
            for figure in ("delta_retention", "delta_customers", "delta_revenue",
                           "delta_cost_to_serve", "delta_npv", "cost_pv", "net_value", "roi"):
                columns = _estimate_columns(vs[figure])
                row[figure] = columns["mean"]
                row[f"{figure}_lo"] = columns["lo"]
                row[f"{figure}_hi"] = columns["hi"]
                if vs[figure] is not None and "mc_half_width" in vs[figure]:
                    row[f"{figure}_mc_half_width"] = vs[figure]["mc_half_width"]
            row["payback_month"] = vs["payback_month"]
            row["payback_earliest"] = vs["payback_month_interval"]["lo"]
            row["payback_latest"] = vs["payback_month_interval"]["hi"]
            row["p_roi_positive"] = vs["p_roi_positive"]
            for figure in ("roi", "delta_npv"):
                quantiles = vs[f"{figure}_quantiles"] or {}
                for q in ("p5", "p50", "p95"):
                    row[f"{figure}_{q}"] = quantiles.get(q)
            rows.append(row)
        return pd.DataFrame(rows).set_index("variant")

    @property
    def performance(self):
        """Seconds, customer-months and interactions of the run."""
        return self._results["performance"]


class Prioritization:
    """`cxsim prioritize` in Python: every set of fixes ranked by net value, the best set within
    the budget, and how each pair interacts."""

    def __init__(self, result):
        self._result = result
        self.exhaustive = result["exhaustive"]
        self.best_within_budget = result["best_within_budget"]

    def ranking(self):
        """One row per set of fixes, best net value first."""
        rows = []
        for rank in self._result["ranking"]:
            row = {"fixes": " + ".join(rank["fixes"]), "size": len(rank["fixes"])}
            for figure in ("net_value", "delta_npv", "cost_pv", "roi"):
                columns = _estimate_columns(rank[figure])
                row[figure] = columns["mean"]
                row[f"{figure}_lo"] = columns["lo"]
                row[f"{figure}_hi"] = columns["hi"]
            row["payback_month"] = rank["payback_month"]
            row["p_roi_positive"] = rank["p_roi_positive"]
            rows.append(row)
        return pd.DataFrame(rows)

    def pairs(self):
        """One row per pair: NPV(both) − NPV(each alone) + NPV(baseline), and the verdict."""
        return pd.DataFrame([{"first": pair["first"], "second": pair["second"],
                              **_estimate_columns(pair["interaction"]), "verdict": pair["verdict"]}
                             for pair in self._result["pairs"]],
                            columns=["first", "second", "mean", "lo", "hi", "verdict"])


def prioritize(scenario, budget=None, customers=None, replications=None, threads=None):
    """Ranks every combination of the scenario's fixes (greedily beyond twelve fixes)."""
    scenario = _settings(scenario, customers, None, replications, None)
    return Prioritization(_cxsim.prioritize(scenario._scenario, budget, threads or 0))
