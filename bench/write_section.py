#!/usr/bin/env python3
"""Puts a benchmark's section into docs/PERFORMANCE.md: replaces the text between
`<!-- NAME:begin` and `<!-- NAME:end -->`, or appends the section when it is not there yet.

    write_section.py DOC NAME SECTION
"""
import re
import sys

path, name, section = sys.argv[1:4]
try:
    text = open(path).read()
except FileNotFoundError:
    text = "# Performance\n\nEvery number here is written by a script under bench/; medians and ratios come from one run.\n"
pattern = re.compile(r"<!-- %s:begin.*?<!-- %s:end -->" % (re.escape(name), re.escape(name)), re.S)
if pattern.search(text):
    text = pattern.sub(lambda m: section, text)
else:
    text += "\n" + section + "\n"
open(path, "w").write(text)
print("wrote", path)
