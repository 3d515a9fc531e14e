"""Reference trajectories of PLMS and DPM-Solver++(2M) on uneven timesteps, in float64.

Computes the expected trajectories in Samplers/PlmsSamplerTests.cs and DpmSolverPlusPlusSamplerTests.cs
(run by TestSupport/UnevenTimestepRun.cs) independently of the C# samplers:
  * the noise predictor is GaussianData's closed form (Tests/TestSupport/GaussianData.cs):
    eps(x, t) = sqrt(1 - abar_t) * (x - sqrt(abar_t) * mu) / (abar_t * s^2 + 1 - abar_t);
  * abar from the linear beta schedule (1e-4 .. 0.02 over 1000 steps), abar(-1) = 1;
  * PLMS (Liu et al. 2022, PNDM eq. 12 with the transfer of eq. 11): eps' is the variable-step
    Adams-Bashforth combination of the last <= 4 predictions: weight k is the mean over
    [t_0, t_next] of the Lagrange basis polynomial through the history's timesteps, integrated
    here EXACTLY with rational arithmetic (fractions); orders 1, 2, 3 on the first three steps.
    The transfer is PNDM's eq. 11 form, x' = sqrt(a'/a) x - (a' - a) / (sqrt(a) (sqrt((1-a') a) +
    sqrt((1-a) a'))) eps' (algebraically DDIM's, written differently from the C# code).
  * DPM-Solver++(2M) (Lu et al. 2022, Algorithm 2), data prediction, lambda = log(alpha/sigma):
    first step first order; then r_i = h_{i-1}/h_i, D_i = (1 + 1/(2 r_i)) x0_{i-1} - 1/(2 r_i) x0_{i-2},
    x_i = (sigma_i/sigma_{i-1}) x_{i-1} - alpha_i (e^{-h_i} - 1) D_i; the last step onto clean data
    (t = -1, sigma = 0, lambda = inf) returns the data prediction (the first-order limit).
It also prints how far a first-order scheme (DDIM) and wrong multistep weights land from the
reference, to show that the tests' tolerance (3e-5 relative; float32 errors reach 5.6e-6) separates them.

Run: python3 sampler_reference.py   (standard library only)
"""
from fractions import Fraction
import math
import struct

TIMESTEPS = [999, 870, 600, 420, 150, 37, 0]
# Two images of 1x2x2, rounded to float32 as the C# test builds them.
X_T = [[struct.unpack("f", struct.pack("f", v))[0] for v in img] for img in [[0.8, -1.2, 0.3, 1.5], [-0.4, 0.9, -2.0, 0.1]]]
MU = [0.5, -0.3, 0.0, 0.8]
STD = [0.5, 0.25, 1.0, 0.7]

BETAS = [1e-4 + (0.02 - 1e-4) * t / 999 for t in range(1000)]
ABAR = []
_p = 1.0
for _b in BETAS:
    _p *= 1 - _b
    ABAR.append(_p)


def abar(t):
    return 1.0 if t < 0 else ABAR[t]


def eps(x, t):
    a = abar(t)
    return [[math.sqrt(1 - a) * (xi - math.sqrt(a) * m) / (a * s * s + 1 - a) for xi, m, s in zip(img, MU, STD)] for img in x]


def lincomb(terms):
    """sum of w * tensor over (w, tensor) pairs, tensors as nested lists [image][element]."""
    first = terms[0][1]
    return [[sum(w * tsr[i][j] for w, tsr in terms) for j in range(len(first[0]))] for i in range(len(first))]


def ab_weights(nodes, target):
    """Exact mean over [nodes[0], target] of each Lagrange basis polynomial through nodes."""
    nodes = [Fraction(n) for n in nodes]
    target = Fraction(target)
    weights = []
    for k, tk in enumerate(nodes):
        # basis polynomial coefficients (ascending powers), built by multiplying (s - t_j)/(t_k - t_j)
        poly = [Fraction(1)]
        for j, tj in enumerate(nodes):
            if j == k:
                continue
            d = tk - tj
            poly = [(poly[i - 1] if i > 0 else 0) / d - (poly[i] if i < len(poly) else 0) * tj / d for i in range(len(poly) + 1)]
        integral = lambda s: sum(c * s ** (i + 1) / (i + 1) for i, c in enumerate(poly))
        weights.append((integral(target) - integral(nodes[0])) / (target - nodes[0]))
    return [float(w) for w in weights]


def transfer(x, e, t, t_next):
    a, an = abar(t), abar(t_next)
    coef = (an - a) / (math.sqrt(a) * (math.sqrt((1 - an) * a) + math.sqrt((1 - a) * an)))
    return lincomb([(math.sqrt(an / a), x), (-coef, e)])


def plms(order=4, weights=ab_weights):
    x, history, out = X_T, [], []
    for i, t in enumerate(TIMESTEPS):
        t_next = TIMESTEPS[i + 1] if i + 1 < len(TIMESTEPS) else -1
        e = eps(x, t)
        recent = [(t, e)] + history[::-1][: order - 1]
        w = weights([n for n, _ in recent], t_next)
        x = transfer(x, lincomb([(wk, ek) for wk, (_, ek) in zip(w, recent)]), t, t_next)
        history.append((t, e))
        out.append(x)
    return out


def even_grid_weights(nodes, target):
    """PNDM's fixed weights whatever the spacing (wrong on uneven timesteps)."""
    return {1: [1.0], 2: [1.5, -0.5], 3: [23 / 12, -16 / 12, 5 / 12], 4: [55 / 24, -59 / 24, 37 / 24, -9 / 24]}[len(nodes)]


def dpm_solver_pp(second_order=True, fixed_r=None):
    x, out, prev = X_T, [], None  # prev = (lambda, x0) of the previous step
    for i, t in enumerate(TIMESTEPS):
        t_next = TIMESTEPS[i + 1] if i + 1 < len(TIMESTEPS) else -1
        a = abar(t)
        alpha, sigma = math.sqrt(a), math.sqrt(1 - a)
        lam = math.log(alpha / sigma)
        x0 = lincomb([(1 / alpha, x), (-sigma / alpha, eps(x, t))])
        if t_next < 0:
            x = x0
        else:
            an = abar(t_next)
            alpha_n, sigma_n = math.sqrt(an), math.sqrt(1 - an)
            h = math.log(alpha_n / sigma_n) - lam
            d = x0
            if prev is not None and second_order:
                r = fixed_r if fixed_r is not None else (lam - prev[0]) / h
                d = lincomb([(1 + 1 / (2 * r), x0), (-1 / (2 * r), prev[1])])
            x = lincomb([(sigma_n / sigma, x), (-alpha_n * (math.exp(-h) - 1), d)])
        prev = (lam, x0)
        out.append(x)
    return out


def worst_relative(a, b):
    """Largest deviation of a from the reference b relative to b's largest value (as the tests measure)."""
    a, b = [v for img in a for v in img], [v for img in b for v in img]
    return max(abs(p - q) for p, q in zip(a, b)) / max(abs(v) for v in b)


def show(name, trajectory):
    print(f"    // {name}: x after each step (rows), images flattened (columns).")
    print(f"    private static readonly double[][] {name} =")
    print("    [")
    for x in trajectory:
        print("        [" + ", ".join(f"{v:.12g}" for img in x for v in img) + "],")
    print("    ];")


if __name__ == "__main__":
    ref_plms, ref_dpm = plms(), dpm_solver_pp()
    show("Plms", ref_plms)
    show("DpmSolverPlusPlus", ref_dpm)
    for label, ref, other in [
        ("PLMS vs first order (DDIM)", ref_plms, plms(order=1)),
        ("PLMS vs PNDM's even-grid weights", ref_plms, plms(weights=even_grid_weights)),
        ("PLMS vs order 2", ref_plms, plms(order=2)),
        ("DPM-Solver++(2M) vs first order", ref_dpm, dpm_solver_pp(second_order=False)),
        ("DPM-Solver++(2M) vs r = 1", ref_dpm, dpm_solver_pp(fixed_r=1.0)),
    ]:
        print(f"// {label}: worst relative deviation per step " + ", ".join(f"{worst_relative(o, r):.1e}" for o, r in zip(other, ref)))
    print("// AB weights at each PLMS step:")
    hist = []
    for i, t in enumerate(TIMESTEPS):
        t_next = TIMESTEPS[i + 1] if i + 1 < len(TIMESTEPS) else -1
        nodes = [t] + hist[::-1][:3]
        print(f"//   t={t} -> {t_next}: nodes {nodes}: " + ", ".join(f"{w:.6f}" for w in ab_weights(nodes, t_next)))
        hist.append(t)
