#!/usr/bin/env python3
"""Regenerates crates/clinic-core/data/icd10cm.tsv, the ICD-10-CM code list bundled for the
problem list and diagnoses (src/chart/icd10.rs), from the PyPI package `simple-icd-10-cm`,
which ships the CMS ICD-10-CM tabular list (XML) and code list. CMS publishes ICD-10-CM in the
public domain; the package's own code is MIT.

How to run (not run by the build; commit the TSV it writes):

    pip download --no-deps -d /tmp/icd simple-icd-10-cm==1.5.0
    python3 scripts/icd10-data.py /tmp/icd/simple_icd_10_cm-1.5.0-py3-none-any.whl

or, with the package installed (`pip install simple-icd-10-cm`), with no argument:

    python3 scripts/icd10-data.py

The argument may also be the folder a wheel was unpacked into. Pure standard library otherwise.

What it writes: one line per code, `CODE<TAB>description`, codes with the dot (`J06.9`), sorted
by code: every billable code (a leaf of the tabular list, seven-character codes included) and
every three-character category (so "J06" finds its heading too). Whitespace in descriptions is
collapsed to single spaces. The first line names the source.
"""
import re
import sys
from pathlib import Path

PACKAGE = "simple-icd-10-cm"
OUT = Path(__file__).resolve().parent.parent / "crates" / "clinic-core" / "data" / "icd10cm.tsv"


def load(source):
    """Imports the package (from a wheel or folder when given) and returns it with its version."""
    if source:
        sys.path.insert(0, str(Path(source).resolve()))
    import simple_icd_10_cm as cm  # noqa: E402  (after the path is set)

    match = re.search(r"simple_icd_10_cm-([^-]+)-", Path(source).name) if source else None
    if match:
        version = match.group(1)
    else:
        from importlib.metadata import version as installed_version

        version = installed_version(PACKAGE)
    return cm, version


def fiscal_year(cm):
    """The ICD-10-CM fiscal year, from the <version> element of the CMS tabular XML it ships."""
    from importlib import resources

    name = cm.simple_icd_10_cm._classification_data_package_file_name
    head = resources.files(cm.simple_icd_10_cm.data).joinpath(name).read_text(encoding="utf-8")[:2000]
    return re.search(r"<version>(\d{4})</version>", head).group(1), name


def clean(description):
    # A few seven-character extensions carry a note after "/" with a tab; keep it, as " / note".
    description = re.sub(r"/\s+", " / ", description)
    return " ".join(description.split())


def main():
    cm, version = load(sys.argv[1] if len(sys.argv) > 1 else None)
    year, xml_name = fiscal_year(cm)
    rows = {}
    for code in cm.get_all_codes(True):
        if cm.is_chapter_or_block(code) and not cm.is_category_or_subcategory(code):
            continue
        if cm.is_category(code) or cm.is_leaf(code):
            description = clean(cm.get_description(code))
            if "\t" in code or not description:
                raise SystemExit(f"unexpected entry: {code!r} {description!r}")
            rows[code] = description
    lines = [f"# source: {PACKAGE}@{version}, CMS ICD-10-CM FY{year}, public domain"]
    lines.append(f"# {len(rows)} codes (billable codes and 3-character categories) from {xml_name}; scripts/icd10-data.py")
    lines += [f"{code}\t{rows[code]}" for code in sorted(rows)]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {OUT}: {len(rows)} codes, {OUT.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
