# SPDX-License-Identifier: GPL-3.0-or-later
"""The output of a monitoring plugin as the Monitoring Plugins development
guidelines define it, checked strictly: one line, "RDP STATE - text", the
text without '|', then optionally " | " and performance data items
'label'=value[UOM];[warn];[crit];[min];[max] separated by spaces."""

import re

STATES = {"OK": 0, "WARNING": 1, "CRITICAL": 2, "UNKNOWN": 3}
_NUM = r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)"
_RANGE = r"@?(?:(?:~|%s)?:)?(?:%s)?" % (_NUM, _NUM)
_UOM = r"(?:s|ms|us|%|B|KB|MB|TB|c)?"
# A label: quoted (a quote inside doubled) or plain (no space, '=' or quote).
_LABEL = r"(?:'(?:[^']|'')+'|[^'=\s]+)"
_ITEM = re.compile(r"(%s)=(%s)(%s)(?:;(%s)?(?:;(%s)?(?:;(%s)?(?:;(%s)?)?)?)?)?$"
                   % (_LABEL, _NUM, _UOM, _RANGE, _RANGE, _NUM, _NUM))
_HEAD = re.compile(r"RDP (OK|WARNING|CRITICAL|UNKNOWN) - ([^|\n]+)$")


class PluginOutputError(ValueError):
    pass


def parse(output):
    """Returns (state, text, {label: (value, uom, warn, crit, min, max)});
    raises PluginOutputError naming what breaks the grammar."""
    if not output.endswith("\n"):
        raise PluginOutputError("no newline at the end: %r" % output)
    body = output[:-1]
    if "\n" in body or "\r" in body:
        raise PluginOutputError("more than one line: %r" % output)
    if " | " in body:
        head, perf = body.split(" | ", 1)
    elif "|" in body:
        raise PluginOutputError("'|' in the text or no spaces around it: %r" % body)
    else:
        head, perf = body, ""
    m = _HEAD.match(head)
    if m is None:
        raise PluginOutputError("not 'RDP STATE - text' without '|': %r" % head)
    state, text = m.group(1), m.group(2)
    if text != text.strip():
        raise PluginOutputError("text with spaces around it: %r" % text)
    items = {}
    if perf:
        if perf != perf.strip() or "  " in perf:
            raise PluginOutputError("spaces in the performance data: %r" % perf)
        tokens = []
        rest = perf
        while rest:
            tm = re.match(r"(?:'(?:[^']|'')+'|[^'\s]+)\S*", rest)
            if tm is None:
                raise PluginOutputError("performance data %r does not split into items" % rest)
            tokens.append(tm.group(0))
            rest = rest[tm.end():]
            if rest and not rest.startswith(" "):
                raise PluginOutputError("no space after item %r" % tm.group(0))
            rest = rest[1:]
        for token in tokens:
            im = _ITEM.match(token)
            if im is None:
                raise PluginOutputError("performance data item %r does not fit "
                                        "'label'=value[UOM];[warn];[crit];[min];[max]" % token)
            label = im.group(1)
            if label.startswith("'"):
                label = label[1:-1].replace("''", "'")
            if label in items:
                raise PluginOutputError("label %r twice" % label)
            items[label] = (float(im.group(2)), im.group(3), im.group(4) or "",
                            im.group(5) or "", im.group(6) or "", im.group(7) or "")
    return state, text, items
