"""CPU time of the newsgraph_quotes component of another revision against the working tree's, in one process.

    python bench/ab_quotes.py --base REV [--articles 150] [--rounds 12]

As bench/ab_events.py does for events (whose `base_package` it uses): both components run in turns
over the same parsed Docs, base first in odd rounds. The quotes stage writes into the Doc besides
`doc._.quotes` (speakers it resolves become entities or mentions of them; salience caches in
`doc.user_data`), so each run starts from a copy of the entities and user data the earlier stages
left. Prints each side's best and median CPU seconds, the median of the per-round ratios
current/base, and whether both found the same quotes and entities.
"""
from __future__ import annotations

import copy
import sys
import tempfile
import time
from pathlib import Path

from ab_events import alternate, arguments, base_package, parsed_docs

COMPONENT = "newsgraph_quotes"


def main() -> None:
    args = arguments(__doc__)

    nlp, docs = parsed_docs(COMPONENT, args.articles)
    user_data = [dict(doc.user_data) for doc in docs]
    entities = [copy.deepcopy(doc._.entities) for doc in docs]

    with tempfile.TemporaryDirectory() as folder:
        base_package(args.base, Path(folder))
        sys.path.insert(0, folder)
        from newsgraph_base.extract.quotes.component import QuoteExtractor as BaseExtractor
        components = {"base": BaseExtractor(nlp), "current": nlp.get_pipe(COMPONENT)}

        def run(name: str) -> float:
            for doc, data, found in zip(docs, user_data, entities):
                doc.user_data.clear()  # (it holds the `doc._` values too: restored first)
                doc.user_data.update(data)
                doc._.quotes = None
                doc._.entities = copy.deepcopy(found)
            start = time.process_time()
            for doc in docs:
                components[name](doc)
            return time.process_time() - start

        found = {}
        for name in components:  # warm-up (lazy loads, caches) and the check that both agree
            run(name)
            found[name] = [repr(doc._.quotes) + repr(doc._.entities) for doc in docs]
        alternate(run, args.rounds)
    print(f"same quotes and entities: {found['base'] == found['current']}")


if __name__ == "__main__":
    main()
