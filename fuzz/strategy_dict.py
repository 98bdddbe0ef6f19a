"""Print a libFuzzer dictionary (-dict=) for the strategy JSON format: every key
the C++ reader allows (styrkort._core.strategy_format_keys(), the reader's own
lists), quoted as a key and as a key with its colon, and the format's id.

    python fuzz/strategy_dict.py > strategy.dict
"""

import json

from styrkort import _core


def main() -> None:
    """Print the dictionary, one entry a line."""
    keys = sorted({k for keys in _core.strategy_format_keys().values() for k in keys})
    entries = [json.dumps(k) for k in keys] + [json.dumps(json.dumps(k) + ":") for k in keys]
    entries.append(json.dumps('"styrkort-strategy/1"'))
    print("\n".join(entries))


if __name__ == "__main__":
    main()
