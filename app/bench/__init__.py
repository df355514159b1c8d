"""National-scale benchmark: synthetic data, timed analyses, and the straightforward computations they must agree with."""
