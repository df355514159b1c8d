import pytest

from graph_schema.rules import feeds_cycle, uscc_check_digit, uscc_problem

VALID = ["91350100M000100Y43", "911100001011016602"]


@pytest.mark.parametrize("code", VALID)
def test_valid_uscc_passes(code):
    assert uscc_problem(code) is None


@pytest.mark.parametrize(
    ("code", "words"),
    [
        ("91350100M000100Y44", "校验位错误：应为 3"),
        ("91350100M000100Y4", "应为 18 位"),
        ("91350100M000100YI3", "非法字符 I"),
        ("91ABCDEFM000100Y43", "行政区划码"),
    ],
)
def test_invalid_uscc_is_explained(code, words):
    assert words in uscc_problem(code)


def test_check_digit_matches_gb32100_example():
    # The example printed in GB 32100-2015, appendix: 91350100M000100Y4 → check digit 3.
    assert uscc_check_digit("91350100M000100Y4") == "3"


def test_feeds_cycle_is_found_and_named():
    assert feeds_cycle([("a", "b"), ("b", "c")]) is None
    cycle = feeds_cycle([("a", "b"), ("b", "c"), ("c", "a")])
    assert cycle[0] == cycle[-1] and set(cycle) == {"a", "b", "c"}
