import pytest

from newsgraph.config import Settings


def test_settings_take_arguments_over_the_environment(monkeypatch):
    monkeypatch.setenv("NEWSGRAPH_BATCH_SIZE", "8")
    assert Settings.from_env().batch_size == 8 and Settings.from_env(batch_size=4).batch_size == 4


@pytest.mark.parametrize("batch_size", [0, -1])
def test_a_batch_size_below_one_is_refused_not_an_empty_run(batch_size):
    with pytest.raises(ValueError, match="at least 1"):
        Settings.from_env(batch_size=batch_size)


def test_a_batch_size_in_the_environment_must_be_a_number(monkeypatch):
    monkeypatch.setenv("NEWSGRAPH_BATCH_SIZE", "lots")
    with pytest.raises(ValueError, match="NEWSGRAPH_BATCH_SIZE must be a whole number of at least 1, not 'lots'"):
        Settings.from_env()
