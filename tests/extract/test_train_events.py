"""tools/train_events.py, the trainer of the learned event classifier."""
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# vectorise() of one row of 40 features, in a fresh process (string hashes differ between processes)
_VECTORISE = """
import importlib.util, json, sys
spec = importlib.util.spec_from_file_location("train_events", sys.argv[1])
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
names = [f"w=word{k}" for k in range(40)]
flat, lengths = module.vectorise([names[::-1], names[:5]], {f: k for k, f in enumerate(names)})
print(json.dumps([flat.tolist(), lengths.tolist()]))
"""


def _vectorised(hash_seed: str) -> list:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    out = subprocess.run([sys.executable, "-c", _VECTORISE, str(ROOT / "tools" / "train_events.py")], env=env,
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def test_a_rows_feature_ids_do_not_follow_the_string_hashes():
    # the order of a row's ids is the order of its float32 sums: a re-run must give the same weights
    first = _vectorised("1")
    assert first == _vectorised("2")
    assert first == [list(range(40)) + list(range(5)), [40, 5]]
