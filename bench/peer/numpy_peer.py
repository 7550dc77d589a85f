#!/usr/bin/python3
"""NumPy peer of the cxsim kernel: the model of docs/model.md written the way a competent analyst
would write it in vectorised NumPy, to measure what the C++ engine buys (bench/README.md).

Run with Debian's /usr/bin/python3 (python3-numpy, python3-yaml):

    /usr/bin/python3 bench/peer/numpy_peer.py scenarios/saas_b2b.yaml --customers 200000 --json
    /usr/bin/python3 bench/peer/numpy_peer.py scenarios/saas_b2b.yaml --write-mean-scenario M.yaml

Every customer is one column of (variants × customers) arrays; Python loops over months and
touchpoints only. All variants advance together and share each draw, which gives common random
numbers across variants for free (a customer meets the same uniforms whatever the fix).

Scope: what scenarios/saas_b2b.yaml uses, plus the simple generalisations next to it. Supported:
constant and sbg segments (θ by exact Beta sampling), lognormal revenue, `month`, `months`,
`every`, `rate` (Poisson) and triggered schedules (on, probability, delay), the `ewma` perception
model with fade, trust and the functional floor gate, the `proportional_hazards` retention model,
defection on failure, expansion, referrals, discounting, fixes (set/add/scale with ramps, added
touchpoints), all_fixes and named combinations, and numbers written as distributions (drawn once,
one replication). Not supported: `peak_end`, surveys (NPS, CSAT and CES only observe the
simulation, so retention and NPV do not need them), several replications, uncontrollable
touchpoints' validation and everything else the loader checks.
"""
import os

# One core: the comparison with cxsim --threads 1 is per core.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import copy  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import re  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402
import yaml  # noqa: E402

Z95 = 1.959963984540054
MAX_OCCURRENCES = 64  # a Poisson count is capped like cxsim's

# Touchpoint parameters (dotted names as in the YAML): default and the range a fix is clipped to.
PARAMETERS = {
    "functional.success": (1.0, 0.0, 1.0),
    "functional.effort": (0.0, 0.0, 1.0),
    "functional.delay": (0.0, 0.0, 1.0),
    "emotional.tone": (0.0, -1.0, 1.0),
    "emotional.tone_sd": (0.3, 0.0, math.inf),
    "emotional.recovery": (0.0, 0.0, 1.0),
    "emotional.communication": (0.0, 0.0, 1.0),
    "sensory.polish": (0.0, -1.0, 1.0),
    "sensory.polish_sd": (0.3, 0.0, math.inf),
    "sensory.consistency": (1.0, 0.0, 1.0),
    "weight": (1.0, 0.0, math.inf),
    "cost": (0.0, 0.0, math.inf),
}
SHORT = {name: name.rpartition(".")[2] for name in PARAMETERS}  # "functional.success" -> "success"


class ScenarioLoader(yaml.SafeLoader):
    """YAML 1.2 booleans: PyYAML's YAML 1.1 would read the trigger key `on:` as True."""


ScenarioLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}
ScenarioLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


def load_scenario(path):
    with open(path) as f:
        return yaml.load(f, Loader=ScenarioLoader)


# ---------------------------------------------------------------- numbers written as distributions

DISTRIBUTION_MEANS = {
    "uniform": lambda p: (p[0] + p[1]) / 2,
    "normal": lambda p: p[0],
    "beta": lambda p: p[0] / (p[0] + p[1]),
    "triangular": lambda p: (p[0] + p[1] + p[2]) / 3,
    "lognormal": lambda p: p["mean"],
}


def draw_distribution(family, p, rng):
    if family == "uniform":
        return rng.uniform(p[0], p[1])
    if family == "normal":
        return rng.normal(p[0], p[1])
    if family == "beta":
        return rng.beta(p[0], p[1])
    if family == "triangular":
        return rng.triangular(p[0], p[1], p[2])
    log_variance = math.log1p((p["sd"] / p["mean"]) ** 2)  # lognormal with this mean and sd
    return rng.lognormal(math.log(p["mean"]) - log_variance / 2, math.sqrt(log_variance))


def resolve_numbers(node, rng=None):
    """The scenario with every distribution replaced by one draw (rng) or by its mean (None)."""
    if isinstance(node, dict):
        if len(node) == 1 and next(iter(node)) in DISTRIBUTION_MEANS:
            family, p = next(iter(node.items()))
            return float(DISTRIBUTION_MEANS[family](p) if rng is None
                         else draw_distribution(family, p, rng))
        return {key: resolve_numbers(value, rng) for key, value in node.items()}
    if isinstance(node, list):
        return [resolve_numbers(value, rng) for value in node]
    return node


def write_mean_scenario(path_in, path_out):
    scenario = load_scenario(path_in)
    with open(path_out, "w") as f:
        f.write("# %s with every distribution replaced by its mean (bench/peer)\n" % path_in)
        yaml.safe_dump(resolve_numbers(scenario), f, sort_keys=False, default_flow_style=None)


# ---------------------------------------------------------------- the scenario, compiled to arrays

def touchpoint_parameters(touchpoint):
    values = {}
    for name, (default, _, _) in PARAMETERS.items():
        layer, _, key = name.rpartition(".")
        section = touchpoint.get(layer, {}) if layer else touchpoint
        values[name] = float(section.get(key, default))
    return values


def variants_of(scenario):
    """baseline, each fix alone, all_fixes (two fixes or more), then the named combinations."""
    fixes = scenario.get("fixes", [])
    variants = [("baseline", [])] + [(fix["id"], [f]) for f, fix in enumerate(fixes)]
    if len(fixes) >= 2:
        variants.append(("all_fixes", list(range(len(fixes)))))
    index = {fix["id"]: f for f, fix in enumerate(fixes)}
    for combination in scenario.get("scenarios", []):
        variants.append((combination["id"], sorted(index[i] for i in combination["fixes"])))
    return variants


def ramp_fraction(fix, t):
    """f(t) = min(1, (t − start + 1)/ramp) from the start month, 1 at once for a ramp of 0."""
    start, ramp = fix.get("start_month", 0), fix.get("ramp_months", 0)
    if t < start:
        return 0.0
    return 1.0 if ramp == 0 else min(1.0, (t - start + 1) / ramp)


def apply_change(params, change, fraction):
    """Moves each parameter `fraction` of the way to its changed value, clipped to its range
    (fixes combined in one variant may otherwise leave it); changes apply in order."""
    for operation in ("set", "add", "scale"):
        for name, value in change.get(operation, {}).items():
            current = params[name]
            changed = {"set": value, "add": current + value, "scale": current * value}[operation]
            _, lo, hi = PARAMETERS[name]
            params[name] = min(hi, max(lo, current + fraction * (changed - current)))


def compile_parameters(touchpoints, fixes, variants, months):
    """params[t][j][name]: a (variants, 1) column of touchpoint j's parameter in month t."""
    index = {tp["id"]: j for j, (tp, _) in enumerate(touchpoints)}
    base = [touchpoint_parameters(tp) for tp, _ in touchpoints]
    table = np.empty((len(variants), months, len(touchpoints), len(PARAMETERS) + 1))
    for v, (_, held) in enumerate(variants):
        for t in range(months):
            now = copy.deepcopy(base)
            for f in held:
                fraction = ramp_fraction(fixes[f], t)
                for change in fixes[f].get("changes", []) if fraction > 0 else []:
                    apply_change(now[index[change["touchpoint"]]], change, fraction)
            for j, (_, added_by) in enumerate(touchpoints):
                # A touchpoint a fix adds exists only in variants holding the fix, from its start.
                active = added_by is None or (
                    added_by in held and t >= fixes[added_by].get("start_month", 0))
                table[v, t, j] = [now[j][name] for name in PARAMETERS] + [float(active)]
    names = [SHORT[name] for name in PARAMETERS] + ["active"]
    return [[{name: table[:, t, j, k:k + 1] for k, name in enumerate(names)}
             for j in range(len(touchpoints))] for t in range(months)]


class Model:
    def __init__(self, scenario, customers, seed):
        self.s = scenario
        self.months = scenario["simulation"]["months"]
        self.customers = customers
        self.seed = seed
        self.fixes = scenario.get("fixes", [])
        self.variants = variants_of(scenario)
        # Journey order, then the touchpoints fixes add: (touchpoint, index of the fix or None).
        self.touchpoints = [(tp, None) for tp in scenario["journey"]] + [
            (tp, f) for f, fix in enumerate(self.fixes) for tp in fix.get("add_touchpoints", [])]
        self.params = compile_parameters(self.touchpoints, self.fixes, self.variants, self.months)
        ids = [tp["id"] for tp, _ in self.touchpoints]
        self.whens = [tp.get("when", {"month": 0}) for tp, _ in self.touchpoints]
        self.dependents = [[d for d, when in enumerate(self.whens)
                            if "after" in when and ids.index(when["after"]) == j]
                           for j in range(len(ids))]
        self.scheduled = [self.schedule_months(when) for when in self.whens]

        p = scenario.get("perception", {})
        r = scenario.get("retention", {})
        if (p.get("model", "ewma"), r.get("model", "proportional_hazards")) != (
                "ewma", "proportional_hazards"):
            sys.exit("numpy_peer: only the ewma and proportional_hazards models are implemented")
        self.memory, self.bias = p.get("memory", 0.7), p.get("negativity_bias", 2.0)
        self.fade, self.success_value = p.get("fade", 0.02), p.get("success_value", 0.2)
        self.recovery_ceiling = p.get("recovery_ceiling", 0.8)
        self.trust_floor, self.failure_gate = p.get("trust_floor", 0.6), p.get("failure_gate", 0.1)
        self.delay_penalty, self.trust_rate = p.get("delay_penalty", 0.5), p.get("trust_rate", 0.3)
        self.beta_p, self.beta_x = r.get("perception_effect", 1.5), r.get("effort_effect", 0.5)
        self.defect_on_failure = r.get("defect_on_failure", 0.02)
        revenue = scenario.get("revenue", {})
        expansion, referral = revenue.get("expansion", {}), revenue.get("referral", {})
        self.expansion_rate, self.uplift = expansion.get("rate", 0.0), expansion.get("uplift", 0.0)
        self.referral_rate = referral.get("rate", 0.0)
        self.referral_value = referral.get("value", 0.0)
        self.promoter_threshold = referral.get("promoter_threshold", 0.6)
        annual = scenario.get("finance", {}).get("discount_rate", 0.10)
        self.discount = (1.0 + annual) ** (-(np.arange(self.months) + 1) / 12.0)

    def schedule_months(self, when):
        """Months a fixed schedule holds an interaction; None for Poisson and triggers."""
        if "month" in when:
            return {when["month"]}
        if "months" in when:
            return set(when["months"])
        if "every" in when:
            return set(range(when.get("start", 0), self.months, when["every"]))
        return None

    def draw_customers(self, rng):
        """Segment, θ, revenue and the segment's constants, one entry per customer."""
        n, segments = self.customers, self.s["segments"]
        cumulative = np.cumsum([seg.get("share", 1.0) for seg in segments])
        cumulative[-1] = 1.0  # shares sum to 1 up to rounding
        seg = np.searchsorted(cumulative, rng.random(n), side="right")  # first cumulative > u
        c = {key: np.empty(n) for key in ("theta", "revenue", "margin", "s_f", "s_e", "s_s",
                                          "p0", "t0")}
        for k, segment in enumerate(segments):
            rows = seg == k
            count = int(rows.sum())
            churn = segment.get("retention", {})
            if churn.get("model", "constant") == "sbg":  # θ ~ Beta(α, β + tenure), exact
                c["theta"][rows] = rng.beta(churn.get("alpha", 1.0),
                                            churn.get("beta", 1.0) + churn.get("tenure", 0), count)
            else:
                c["theta"][rows] = churn.get("monthly_churn", 0.0)
            money = segment.get("revenue", {})
            mean, sd = money.get("monthly_mean", 0.0), money.get("monthly_sd", 0.0)
            if mean > 0 and sd > 0:  # lognormal whose own mean and sd are mean and sd
                log_variance = math.log1p((sd / mean) ** 2)
                c["revenue"][rows] = rng.lognormal(math.log(mean) - log_variance / 2,
                                                   math.sqrt(log_variance), count)
            else:
                c["revenue"][rows] = mean
            c["margin"][rows] = money.get("gross_margin", 1.0)
            sensitivity = segment.get("sensitivity", {})
            c["s_f"][rows] = sensitivity.get("functional", 1.0)
            c["s_e"][rows] = sensitivity.get("emotional", 1.0)
            c["s_s"][rows] = sensitivity.get("sensory", 1.0)
            c["p0"][rows] = segment.get("initial_perception", 0.0)
            c["t0"][rows] = segment.get("initial_trust", 0.9)
        return c

    def run(self):
        start = time.perf_counter()
        rng = np.random.default_rng(self.seed)
        c = self.draw_customers(rng)
        shape = (len(self.variants), self.customers)
        self.c, self.rng = c, rng
        self.P = np.broadcast_to(c["p0"], shape).copy()
        self.T = np.broadcast_to(c["t0"], shape).copy()
        growth = np.ones(shape)                 # expansion multiplier m
        alive = np.ones(shape, dtype=bool)
        npv = np.zeros(shape)                   # discounted value per customer
        self.interactions, customer_months = 0, 0
        self.pending = {}                       # (touchpoint, month) -> {occurrence: mask}
        for t in range(self.months):
            self.t = t
            if t > 0:
                self.P += self.fade * (c["p0"] - self.P)
            self.here = alive.copy()            # not defected (yet) this month
            self.effort = np.zeros(shape)
            self.count = np.zeros(shape)
            self.cost = np.zeros(shape)
            revenue = c["revenue"] * growth     # earned for being here at the month's start
            for j, when in enumerate(self.whens):
                if "after" in when:             # triggers whose delay ends this month
                    for k, fired in sorted(self.pending.pop((j, t), {}).items()):
                        self.interact(j, k, fired)
                elif "rate" in when:
                    counts = np.minimum(rng.poisson(when["rate"], self.customers), MAX_OCCURRENCES)
                    for k in range(int(counts.max(initial=0))):
                        self.interact(j, k, counts > k)
                elif t in self.scheduled[j]:
                    self.interact(j, 0, True)

            # Month end, for those still here: referral, survival, expansion.
            u_survive, u_expand, u_refer = (rng.random(self.customers) for _ in range(3))
            stay = self.here
            referral = np.where(stay & (self.P >= self.promoter_threshold)
                                & (u_refer < self.referral_rate), self.referral_value, 0.0)
            mean_effort = self.effort / np.maximum(self.count, 1.0)
            eta = -self.beta_p * self.P + self.beta_x * mean_effort
            survives = stay & (u_survive < (1.0 - c["theta"]) ** np.exp(eta))
            expands = survives & (u_expand < np.clip(self.expansion_rate * (1.0 + self.P), 0, 1))
            value = revenue * c["margin"] - self.cost + referral
            npv += np.where(alive, value * self.discount[t], 0.0)
            customer_months += int(alive.sum())
            growth = np.where(expands, growth * (1.0 + self.uplift), growth)
            alive = survives
        seconds = time.perf_counter() - start
        return self.report(alive, npv, seconds, customer_months)

    def interact(self, j, k, want):
        """Interaction k of touchpoint j for the customers in `want`
        (docs/model.md#one-interaction), then its dependents; every variant uses the same draws."""
        p = self.params[self.t][j]
        mask = self.here & want & (p["active"] > 0)
        n = self.customers
        u_success, u_delay = self.rng.random(n), self.rng.random(n)
        z_tone, z_polish = self.rng.standard_normal(n), self.rng.standard_normal(n)
        if not mask.any():
            return
        c = self.c
        success = u_success < p["success"]
        delayed = u_delay < p["delay"]
        tone = np.clip(p["tone"] + p["tone_sd"] * z_tone, -1.0, 1.0)
        polish = np.clip(p["polish"] + p["polish_sd"] * z_polish, -1.0, 1.0)
        functional = np.where(success, self.success_value * (1.0 - p["effort"]),
                              -(1.0 - p["recovery"] * self.recovery_ceiling))
        floor = np.clip((self.T - self.trust_floor) / (1.0 - self.trust_floor), 0.0, 1.0)
        gate = np.where(success, 1.0, self.failure_gate)
        x = (c["s_f"] * functional
             + gate * floor * (c["s_e"] * tone + c["s_s"] * p["consistency"] * polish)
             - delayed * (self.delay_penalty * (1.0 - p["communication"])))
        # ewma: closes w·(1 − memory) of the gap, λ times faster downwards.
        gap = x - self.P
        bias = np.where(gap < 0, self.bias, 1.0)
        rate = np.minimum(1.0, p["weight"] * (1.0 - self.memory) * bias)
        self.P = np.where(mask, np.clip(self.P + rate * gap, -1.0, 1.0), self.P)
        self.T = np.where(mask, self.T + self.trust_rate * (success - self.T), self.T)
        self.effort += mask * p["effort"]
        self.count += mask
        self.cost += mask * p["cost"]
        self.interactions += int(mask.sum())
        # Defection after a failure: (1 − u)/(1 − p_s) is uniform given the failure, so it needs
        # no draw of its own and a fix raising p_s keeps the baseline's defectors among its own.
        failed = mask & ~success
        with np.errstate(divide="ignore", invalid="ignore"):
            defection = (1.0 - u_success) / (1.0 - p["success"])
        defects = failed & (defection < self.defect_on_failure * (1.0 - p["recovery"]))
        self.here = self.here & ~defects
        outcome_ok = mask & ~defects
        for d in self.dependents[j]:
            when = self.whens[d]
            on = when.get("on", "any")
            matches = success if on == "success" else ~success if on == "failure" else True
            fires = outcome_ok & matches & (self.rng.random(n) < when.get("probability", 1.0))
            delay = when.get("delay", 0)
            if delay == 0:
                self.interact(d, k, fires)      # at once, before the journey continues
            elif self.t + delay < self.months:
                waiting = self.pending.setdefault((d, self.t + delay), {})
                waiting[k] = waiting.get(k, False) | fires

    def report(self, alive, npv, seconds, customer_months):
        n, size = self.customers, self.s.get("population", {}).get("size", self.customers)

        def interval(values):  # mean ± z·sd/√N over customers
            mean, half = values.mean(), Z95 * values.std(ddof=1) / math.sqrt(n)
            return {"mean": float(mean), "lo": float(mean - half), "hi": float(mean + half)}

        variants = []
        for v, (name, held) in enumerate(self.variants):
            variants.append({
                "id": name, "fixes": [self.fixes[f]["id"] for f in held],
                "retention": interval(alive[v].astype(float)),
                "npv": interval(npv[v] * size),
                # Paired against the baseline: the same customers and draws.
                "delta_retention": interval(alive[v].astype(float) - alive[0]),
                "delta_npv": interval((npv[v] - npv[0]) * size),
            })
        return {"variants": variants,
                "performance": {"seconds": seconds, "customers": n, "months": self.months,
                                "interactions": self.interactions,
                                "customer_months": customer_months,
                                "variants": len(self.variants)}}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("scenario")
    parser.add_argument("--customers", type=int)
    parser.add_argument("--seed", type=int)
    parser.add_argument("--fix-values-from-mean", action="store_true",
                        help="replace every distribution by its mean instead of drawing it")
    parser.add_argument("--write-mean-scenario", metavar="PATH",
                        help="write the scenario with distributions replaced by means, then exit")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if args.write_mean_scenario:
        write_mean_scenario(args.scenario, args.write_mean_scenario)
        return 0
    scenario = load_scenario(args.scenario)
    seed = args.seed if args.seed is not None else scenario["simulation"].get("seed", 1)
    # One replication: each distribution is drawn once (its draw differs from cxsim's).
    scenario = resolve_numbers(scenario, None if args.fix_values_from_mean
                               else np.random.default_rng([seed, 1]))
    customers = args.customers or scenario["simulation"]["customers"]
    result = Model(scenario, customers, seed).run()
    if args.json:
        json.dump(result, sys.stdout, indent=1)
        print()
        return 0
    for v in result["variants"]:
        r, m = v["retention"], v["npv"]
        print("%-22s retention %.4f [%.4f, %.4f]   NPV %.4g [%.4g, %.4g]"
              % (v["id"], r["mean"], r["lo"], r["hi"], m["mean"], m["lo"], m["hi"]))
    perf = result["performance"]
    print("%.2f s, %d customer-months (%.3g/s), %d interactions (%.3g/s)"
          % (perf["seconds"], perf["customer_months"], perf["customer_months"] / perf["seconds"],
             perf["interactions"], perf["interactions"] / perf["seconds"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
