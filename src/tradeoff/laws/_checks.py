"""Input checks every fit shares: one-length 1-d columns, positive values, and enough points for the parameters.

Errors name the first offending point (0-based, in the order given) so that it can be found and fixed.
"""

from __future__ import annotations

import numpy as np

from tradeoff.errors import ConfigError, DataError
from tradeoff.laws._lbfgs import Array


def columns(**named: object) -> dict[str, Array]:
    """Each named column as a float array; all 1-d and of one length."""
    out = {name: np.asarray(values, dtype=float) for name, values in named.items()}
    shapes = {v.shape for v in out.values()}
    if len(shapes) != 1 or len(next(iter(shapes))) != 1:
        raise DataError(f"{', '.join(out)} must be 1-d arrays of one length, got shapes {sorted(shapes)}")
    return out


def positive(values: Array, name: str, *, minimum: float = 0.0, inclusive: bool = False) -> None:
    """Finite and > minimum (>= with ``inclusive``); the message names the first bad point."""
    ok = np.isfinite(values) & ((values >= minimum) if inclusive else (values > minimum))
    bad = np.flatnonzero(~ok)
    if bad.size:
        need = f">= {minimum:g}" if inclusive else ("positive" if minimum == 0 else f"> {minimum:g}")
        raise DataError(f"{name} must be finite and {need}; point {bad[0]} has {name} = {values[bad[0]]}")


def fraction(values: Array, name: str) -> None:
    """Within [0, 1]; the message names the first bad point."""
    bad = np.flatnonzero(~(np.isfinite(values) & (values >= 0) & (values <= 1)))
    if bad.size:
        raise DataError(f"{name} must lie in [0, 1]; point {bad[0]} has {name} = {values[bad[0]]}")


def enough(points: int, parameters: int) -> None:
    """At least parameters + 1 points (a fit with as many parameters as points has no residual to judge)."""
    if points <= parameters:
        raise ConfigError(f"{points} points cannot fit {parameters} parameters; give at least {parameters + 1} points")
