"""Child process of read_document: limit own memory, read one file, print one JSON object.

Output is {"document": {...}} or {"error": "<Chinese message>"}; the exit status is 0 either way.
"""
import argparse
import dataclasses
import json
import resource
import sys
import traceback
from pathlib import Path

from . import UnreadableDocument, read_in_process
from .tools import time_limit

# The parent holds the whole answer in memory; 2 million characters is ~100 report pages.
MAX_TEXT_CHARS = 2_000_000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--timeout", type=float, required=True)
    parser.add_argument("--memory-mb", type=int, required=True)
    parser.add_argument("--soffice", default="soffice")
    parser.add_argument("path", type=Path)
    args = parser.parse_args(argv)
    # Only the soft limit: external tools raise theirs to their own caps (run_tool's memory_mb).
    limit = args.memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, resource.getrlimit(resource.RLIMIT_AS)[1]))
    try:
        with time_limit(args.timeout):
            document = read_in_process(args.path, soffice=args.soffice)
        if len(document.text) > MAX_TEXT_CHARS:
            raise UnreadableDocument("文件文字内容过多（超过 200 万字），无法读取。")
        answer = {"document": dataclasses.asdict(document)}
    except UnreadableDocument as exc:
        answer = {"error": str(exc)}
    except MemoryError:
        answer = {"error": "文件过大或结构过于复杂，超出内存限制，无法读取。"}
    except Exception:
        traceback.print_exc()
        answer = {"error": "文件已损坏或格式不正确，无法读取。"}
    json.dump(answer, sys.stdout, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
