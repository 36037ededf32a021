"""Exchanges on each shipped scenario's main path: the answers a good rep gives before the
call ends, following each step's first branch (the one a strong answer takes).

Usage: python scripts/main_path_lengths.py [SCENARIO_DIR]   (prints `id<TAB>exchanges`)
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml


def main_path(data: dict) -> int:
    steps = {s["id"]: s for s in data.get("steps", [])}
    current = data.get("start") or data["steps"][0]["id"]
    seen: set[str] = set()
    count = 0
    while current in steps and current not in seen:
        seen.add(current)
        count += 1
        branches = steps[current].get("next") or []
        if not branches:
            break
        current = branches[0]["goto"]
    return count


def main() -> None:
    root = Path(sys.argv[1] if len(sys.argv) > 1 else "scenarios")
    for path in sorted(root.rglob("*.yaml")):
        if path.parent.name == "techniques":
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        print(f"{data['id']}\t{data['kind']}\t{main_path(data)}")


if __name__ == "__main__":
    main()
