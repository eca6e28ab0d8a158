"""Documented limits on what a spec or a command line may ask for, so an absurd request is refused at once.

They are far above anything a real study needs (the largest published budgets are in the hundreds of samples
per problem), and far below what would exhaust memory before the first line of output.

===========================  ===============  =========================================================
limit                        value            applies to
===========================  ===============  =========================================================
``MAX_SAMPLES``              4 096            ``n``, strategy and search ``budgets`` (samples per problem)
``MAX_PROBLEMS``             10 000 000       ``limit``, training ``scales``, ``--examples``
``MAX_TOKENS``               1 048 576        ``max_tokens``
``MAX_RESAMPLES``            1 000 000        ``--resamples``, ``--bootstrap``
``MAX_YAML_NODES``           100 000          nodes of a YAML file once its aliases are expanded
``MAX_YAML_BYTES``           4 MiB            size of a spec or settings YAML file
===========================  ===============  =========================================================
"""

from __future__ import annotations

MAX_SAMPLES = 4096
MAX_PROBLEMS = 10_000_000
MAX_TOKENS = 1_048_576
MAX_RESAMPLES = 1_000_000
MAX_YAML_NODES = 100_000
MAX_YAML_BYTES = 4 * 1024 * 1024

__all__ = ["MAX_PROBLEMS", "MAX_RESAMPLES", "MAX_SAMPLES", "MAX_TOKENS", "MAX_YAML_BYTES", "MAX_YAML_NODES"]
