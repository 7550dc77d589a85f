"""cxsim in Python: the engine in process, its results as pandas DataFrames.

    import cxsim
    scenario = cxsim.load("scenarios/saas_b2b.yaml")
    result = cxsim.run(scenario, customers=20000, seed=7)
    result.vs_baseline()          # Δ NPV, ROI, payback … per fix, with intervals
    result.monthly()              # retention, revenue and NPV by variant and month
    cxsim.until_ci(scenario, "npv=5e6")          # as `cxsim run --until-ci npv=5e6`
    cxsim.sweep(scenario, ["perception.memory=0.5:0.9:5"]).points()   # as `cxsim sweep`
    cxsim.compare("a/results.json", result).rows()                    # as `cxsim compare`
    cxsim.fit_retention("scenarios/data/fader_hardie_regular.csv").parameters()  # fit-retention
    cxsim.calibrate(scenario, "observed.yaml").parameters()   # as `cxsim calibrate`

Each call does what the command of its name does, through the same engine code, with the same
arguments and errors: a run gives what `cxsim run` writes for the same file, settings and seed
(`to_dict()` is its results.json, timing aside). Problems in a scenario raise ScenarioError,
which carries every "FILE:LINE:COL: PATH: message" line; other bad arguments raise ValueError
with the command's message.
"""

import io
import json
import warnings
from pathlib import Path

import pandas as pd

from . import _cxsim

__all__ = ["ScenarioError", "DataError", "FitError", "CalibrationError", "Scenario", "Result",
           "Prioritization", "Sweep", "Comparison", "RetentionFits", "Calibration", "load", "run",
           "until_ci", "prioritize", "sweep", "compare", "fit_retention", "calibrate"]


class ScenarioError(ValueError):
    """A scenario that cannot run; `problems` lists each one as FILE:LINE:COL: PATH: message."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


class DataError(ValueError):
    """Retention data that cannot be fitted; `problems` lists each one as
    FILE:LINE:COL: COLUMN: message."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


# A fit that did not converge (RuntimeError), with the command's message.
FitError = _cxsim.FitError


def _checked(outcome, error=ScenarioError):
    value, problems = outcome
    if problems:
        raise error(problems)
    return value


def _accepted(loading):
    return Scenario(_checked(loading))


def _frame(csv_text):
    """A CSV the command writes, as a DataFrame: empty cells are missing, any other text is kept
    (a variant named "NA" stays a name)."""
    return pd.read_csv(io.StringIO(csv_text), keep_default_na=False, na_values=[""])


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


def _warn(messages):
    """The command's warnings (too few replications for uncertain parameters) as Python's."""
    for message in messages:
        warnings.warn(message, stacklevel=3)


def _settings(scenario, customers, months, replications, seed):
    overrides = {f"simulation.{key}": value for key, value in
                 (("customers", customers), ("months", months), ("replications", replications),
                  ("seed", seed)) if value is not None}
    return scenario.with_overrides(overrides) if overrides else scenario


def run(scenario, customers=None, threads=None, seed=None, months=None, replications=None):
    """Simulates the scenario's variants; the settings given replace the scenario's."""
    scenario = _settings(scenario, customers, months, replications, seed)
    results, _ = _cxsim.run(scenario._scenario, threads or 0, None, _cxsim.DEFAULT_MOST_CUSTOMERS)
    results = json.loads(results)
    _warn(results["warnings"])
    return Result(results)


def until_ci(scenario, target, max_customers=_cxsim.DEFAULT_MOST_CUSTOMERS, customers=None,
             threads=None, seed=None, months=None, replications=None):
    """`cxsim run --until-ci TARGET`: simulates more until the interval of a figure is narrow
    enough. TARGET is "[VARIANT.]FIGURE=HALFWIDTH" (`npv=5e6`, `better_signup.delta_npv=1e6`).
    More customers are added to the statistics already gathered (none is simulated twice), up to
    `max_customers`; with uncertain parameters and two replications or more, replications are
    added instead. The Result's `precision` says how it went. A target that cannot be measured
    raises ValueError."""
    scenario = _settings(scenario, customers, months, replications, seed)
    results, precision = _cxsim.run(scenario._scenario, threads or 0, target, max_customers)
    results = json.loads(results)
    _warn(results["warnings"])
    return Result(results, precision)


def _estimate_columns(estimate):
    if estimate is None:
        return {"mean": None, "lo": None, "hi": None}
    return {"mean": estimate["mean"], "lo": estimate["lo"], "hi": estimate["hi"]}


class Result:
    """What one run reports: results.json as a dict, and as DataFrames. After until_ci,
    `precision` says how it went (the target, the half-width achieved, the customers and
    replications simulated, whether it was reached, whether replications were added rather than
    customers, and the most allowed); otherwise it is None."""

    def __init__(self, results, precision=None):
        self._results = results
        self.precision = precision

    def to_dict(self):
        """The results.json structure (docs/results.md), as `cxsim run` writes it."""
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
        nps, terminal_value, npv_with_terminal_value): mean, lo, hi; None where the figure has
        no value (no survey answer, no terminal value)."""
        rows = [{"variant": variant["id"], "figure": figure, **_estimate_columns(estimate)}
                for variant in self._results["variants"]
                for figure, estimate in variant["totals"].items()]
        return pd.DataFrame(rows)

    def cohorts(self):
        """With acquisition, one row per variant and join month (0: the initial base):
        customers, alive_at_horizon, npv and, but for the baseline, delta_npv, each with lo and
        hi (docs/results.md#cohorts). Empty without acquisition."""
        rows = []
        for variant in self._results["variants"]:
            for cohort in variant.get("cohorts", []):
                row = {"variant": variant["id"], "join_month": cohort["join_month"]}
                for figure in ("customers", "alive_at_horizon", "npv", "delta_npv"):
                    columns = _estimate_columns(cohort.get(figure))
                    for key in ("mean", "lo", "hi"):
                        row[figure if key == "mean" else f"{figure}_{key}"] = columns[key]
                rows.append(row)
        return pd.DataFrame(rows)

    def vs_baseline(self):
        """One row per variant but the baseline: each figure against the baseline with its
        interval (`delta_npv`, `delta_npv_lo`, `delta_npv_hi`, …; the terminal value's are None
        in a run without one, and `roi_basis` says what ROI and net value are taken on),
        payback month and its range (0-based month indices, as results.json; `payback` says it
        as the run table does, the first month being month 1),
        and, with two replications or more, P(ROI > 0) and the p5, p50 and p95 of ROI and Δ NPV
        across replications. When the intervals span uncertain parameters, each figure's Monte
        Carlo part is beside it (`delta_npv_mc_half_width`, …)."""
        rows = []
        for variant in self._results["variants"]:
            vs = variant.get("vs_baseline")
            if vs is None:
                continue
            row = {"variant": variant["id"], "roi_basis": self._results["settings"]["roi_basis"]}
            for figure in ("delta_retention", "delta_customers", "delta_revenue",
                           "delta_cost_to_serve", "delta_npv", "delta_terminal_value",
                           "delta_npv_with_terminal_value", "cost_pv", "cost_pv_past_horizon",
                           "net_value", "roi"):
                columns = _estimate_columns(vs[figure])
                row[figure] = columns["mean"]
                row[f"{figure}_lo"] = columns["lo"]
                row[f"{figure}_hi"] = columns["hi"]
                if vs[figure] is not None and "mc_half_width" in vs[figure]:
                    row[f"{figure}_mc_half_width"] = vs[figure]["mc_half_width"]
            row["payback_month"] = vs["payback_month"]
            row["payback_earliest"] = vs["payback_month_interval"]["lo"]
            row["payback_latest"] = vs["payback_month_interval"]["hi"]
            row["payback"] = _cxsim.payback_text(row["payback_month"], row["payback_earliest"],
                                                 row["payback_latest"], vs["cost_pv"]["mean"])
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
    the budget, and how each pair interacts, from `customers` simulated customers."""

    def __init__(self, result):
        self._result = result
        self.customers = result["customers"]
        self.exhaustive = result["exhaustive"]
        self.best_within_budget = result["best_within_budget"]

    def ranking(self):
        """One row per set of fixes, best net value first; payback as `Result.vs_baseline`."""
        rows = []
        for rank in self._result["ranking"]:
            row = {"fixes": " + ".join(rank["fixes"]), "size": len(rank["fixes"])}
            for figure in ("net_value", "delta_npv", "cost_pv", "roi"):
                columns = _estimate_columns(rank[figure])
                row[figure] = columns["mean"]
                row[f"{figure}_lo"] = columns["lo"]
                row[f"{figure}_hi"] = columns["hi"]
            row["payback_month"] = rank["payback_month"]
            row["payback_earliest"] = rank["payback_month_interval"]["lo"]
            row["payback_latest"] = rank["payback_month_interval"]["hi"]
            row["payback"] = rank["payback"]
            row["p_roi_positive"] = rank["p_roi_positive"]
            rows.append(row)
        return pd.DataFrame(rows)

    def pairs(self):
        """One row per pair: NPV(both) − NPV(each alone) + NPV(baseline), and the verdict."""
        return pd.DataFrame([{"first": pair["first"], "second": pair["second"],
                              **_estimate_columns(pair["interaction"]), "verdict": pair["verdict"]}
                             for pair in self._result["pairs"]],
                            columns=["first", "second", "mean", "lo", "hi", "verdict"])


def prioritize(scenario, budget=None, customers=None, replications=None, threads=None,
               seed=None):
    """`cxsim prioritize`: ranks every combination of the scenario's fixes (greedily beyond
    twelve fixes). Without `customers`, the scenario's, at most 20000, as the command."""
    scenario = _settings(scenario, None, None, None, seed)
    result = _checked(_cxsim.prioritize(scenario._scenario, budget, customers, replications,
                                        threads or 0))
    _warn(result["warnings"])
    return Prioritization(result)


class Sweep:
    """`cxsim sweep` in Python: the outcomes at every point (`csv` is the file the command
    writes), and the tornados of a sweep of one parameter at a time."""

    def __init__(self, result):
        self._result = result
        self.csv = result["csv"]

    def points(self):
        """One row per point and variant, as the command's CSV: each parameter's value, the
        variant, then retention, NPV, Δ NPV, net value and ROI, each with lo and hi."""
        return _frame(self.csv)

    def tornado(self, figure="delta_npv"):
        """The bars of a one-at-a-time sweep, largest swing first: each parameter's effect on
        each fix's `figure` ("delta_npv" or "net_value"; the baseline's NPV when there are no
        fixes) between its LO and its HI."""
        if figure not in ("delta_npv", "net_value"):
            raise ValueError(f"figure must be 'delta_npv' or 'net_value', got {figure!r}")
        if figure not in self._result:
            raise ValueError("a grid sweep has no tornado")
        rows = []
        for bar in self._result[figure]:
            row = {key: bar[key] for key in ("parameter", "lo", "hi", "variant")}
            for end in ("at_lo", "at_hi"):
                columns = _estimate_columns(bar[end])
                row[end] = columns["mean"]
                row[f"{end}_lo"] = columns["lo"]
                row[f"{end}_hi"] = columns["hi"]
            row["swing"] = bar["swing"]
            rows.append(row)
        return pd.DataFrame(rows)


def sweep(scenario, vary, grid=False, customers=None, threads=None, seed=None,
          replications=None):
    """`cxsim sweep --vary PATH=LO:HI:STEPS …`: runs the scenario with each parameter swept one
    at a time (or, with `grid`, over every combination), every point on the same seed. `vary`
    is one such text or a list of them. A malformed or unknown one raises ValueError; a point
    where the scenario is not valid raises ScenarioError."""
    scenario = _settings(scenario, customers, None, replications, seed)
    specs = [vary] if isinstance(vary, str) else list(vary)
    result = _checked(_cxsim.sweep(scenario._scenario, specs, grid, threads or 0))
    _warn(result["warnings"])
    return Sweep(result)


class Comparison:
    """`cxsim compare` in Python: each figure of two results side by side, B − A and whether the
    difference is significant. `csv` is what `cxsim compare --csv` prints, `notes` its notes,
    `only_in_a` and `only_in_b` the (variant, figure) pairs one side alone has (figure "" for a
    whole variant)."""

    def __init__(self, result):
        self.csv = result["csv"]
        self.notes = list(result["notes"])
        self.only_in_a = list(result["only_in_a"])
        self.only_in_b = list(result["only_in_b"])
        self.confidence = result["confidence"]
        self.shared_random_numbers = result["shared_random_numbers"]

    def rows(self):
        """One row per figure in both: variant, figure, A's and B's mean, lo and hi, the
        difference and whether it is significant (empty where not assessed)."""
        return _frame(self.csv)


def _results_input(results, side):
    if isinstance(results, Result):
        return f"<results {side}>", json.dumps(results.to_dict())
    return str(results), None


def compare(a, b):
    """`cxsim compare A B`: B against A, each a results.json path or a Result. A file that is not
    cxsim's results raises ValueError."""
    return Comparison(_cxsim.compare(*_results_input(a, "A"), *_results_input(b, "B")))


class RetentionFits:
    """`cxsim fit-retention` in Python: the fits of each segment and model. `to_dict()` is what
    `-o FIT.json` writes; `verdicts` says in words, per segment, which model the data favour."""

    def __init__(self, result):
        self._fit = json.loads(result["json"])
        self.verdicts = list(result["verdicts"])

    def to_dict(self):
        return self._fit

    def _keys(self, fit):
        return ({"segment": fit["segment"]} if "segment" in fit else {}) | {"model": fit["model"]}

    def fits(self):
        """One row per segment and model: ln L, AIC, BIC, the likelihood-ratio test against
        constant churn (missing for constant churn itself) and, with fit_periods, the
        projection's mean absolute percentage error."""
        rows = []
        for fit in self._fit["fits"]:
            test = fit.get("lr_test", {})
            rows.append(self._keys(fit) | {
                "log_likelihood": fit["log_likelihood"], "aic": fit["aic"], "bic": fit["bic"],
                "lr_statistic": test.get("statistic"), "lr_df": test.get("degrees_of_freedom"),
                "lr_p_value": test.get("p_value"),
                "projection_mape": fit.get("projection", {}).get("mean_absolute_percentage_error")})
        return pd.DataFrame(rows)

    def parameters(self):
        """One row per segment, model and parameter: its estimate and standard error."""
        return pd.DataFrame([self._keys(fit) | {"parameter": name, "estimate": value["estimate"],
                                                "se": value["se"]}
                             for fit in self._fit["fits"]
                             for name, value in fit["parameters"].items()])

    def covariance(self, model, segment=None):
        """The covariance of a model's estimates (of `segment`, when the data have segments),
        its rows and columns named by parameter."""
        fit = next(f for f in self._fit["fits"]
                   if f["model"] == model and f.get("segment") == segment)
        names = list(fit["parameters"])
        return pd.DataFrame(fit["covariance"], index=names, columns=names)

    def projection(self):
        """With fit_periods: per segment, model and projected period, the observed (Kaplan–Meier)
        and projected survival, their difference and the customers at risk."""
        return pd.DataFrame([self._keys(fit) | period for fit in self._fit["fits"]
                             for period in fit.get("projection", {}).get("periods", [])])


def fit_retention(data, model="all", fit_periods=None):
    """`cxsim fit-retention DATA [--model M] [--fit-periods K]`: retention models fitted by
    maximum likelihood. `data` is a CSV file's path or a DataFrame with the file's columns
    (`cohort, period, alive` or `customer, tenure, churned`, either with `segment`). Problems in
    the data raise DataError, a bad model name or fit_periods ValueError, a fit that does not
    converge FitError."""
    if isinstance(data, pd.DataFrame):
        outcome = _cxsim.fit_retention("<DataFrame>", data.to_csv(index=False), model, fit_periods)
    else:
        outcome = _cxsim.fit_retention(str(data), None, model, fit_periods)
    return RetentionFits(_checked(outcome, DataError))
class CalibrationError(RuntimeError):
    """A calibration that did not converge (`cxsim calibrate` exits 1): `report` is what it has."""

    def __init__(self, message, report):
        self.report = report
        super().__init__(message)


class Calibration:
    """What `cxsim calibrate` reports (its REPORT.json as `report`), as DataFrames: the fitted
    parameters, the observed against the fitted moments and retention curves, one fit per
    perception model with `compare_models`."""

    def __init__(self, report):
        self.report = report

    favoured = property(lambda self: self.report["favoured"],
                        doc="the perception model the data favour (the only one fitted, without"
                            " compare_models)")

    def _fits(self, model):
        return [fit for fit in self.report["fits"]
                if model is None and fit["perception_model"] == self.favoured
                or fit["perception_model"] == model]

    def parameters(self, model=None):
        """One row per unknown: start, estimate, se, the interval at the report's confidence
        (empty for a parameter the data cannot pin down), bounds, and why it is not identified."""
        fit = self._fits(model)[0]
        rows = []
        for path, p in fit["parameters"].items():
            rows.append({"path": path, "start": p["start"], "estimate": p["estimate"], "se": p["se"],
                         "lo": p["lo"], "hi": p["hi"],
                         "lower": p["lower"], "upper": p["upper"], "at_bound": p["at_bound"],
                         "identified": p["identified"],
                         "why_not_identified": p.get("why_not_identified"),
                         "trades_off_with": p.get("trades_off_with")})
        return pd.DataFrame(rows)

    def moments(self, model=None):
        """One row per moment: kind, of, observed and fitted with their standard errors, and the
        residual."""
        return pd.DataFrame(self._fits(model)[0]["moments"])

    def retention_curves(self, model=None):
        """Observed (pooled Kaplan–Meier) against fitted survival, by curve and period."""
        rows = []
        for curve in self._fits(model)[0]["retention_curves"]:
            for period, (observed, fitted) in enumerate(zip(curve["observed"], curve["fitted"]), 1):
                rows.append({"of": curve["of"], "period": period, "observed": observed,
                             "fitted": fitted})
        return pd.DataFrame(rows)

    def goodness_of_fit(self):
        """χ², degrees of freedom and p-value per perception model fitted."""
        return pd.DataFrame([{"perception_model": fit["perception_model"],
                              **fit["goodness_of_fit"]} for fit in self.report["fits"]])


def calibrate(scenario, observed, customers=None, seed=None, threads=None, compare_models=False):
    """`cxsim calibrate`: the scenario's unknowns fitted to observations. `observed` is an
    OBSERVED.yaml path or its YAML text (docs/calibration.md). Problems in it raise ScenarioError
    (FILE:LINE:COL lines); a calibration that does not converge raises CalibrationError."""
    if isinstance(observed, Path) or "\n" not in str(observed):
        name, text = str(observed), Path(observed).read_text(encoding="utf-8")
    else:
        name, text = "<observed>", observed
    report = json.loads(_checked(_cxsim.calibrate(scenario._scenario, text, name, customers, seed,
                                                  threads or 0, compare_models)))
    for fit in report["fits"]:
        if not fit["converged"]:
            raise CalibrationError(f"the calibration under {fit['perception_model']} did not "
                                   f"converge: {fit['solver']['report']}", report)
    return Calibration(report)
