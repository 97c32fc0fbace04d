"""Quotes found by their layout, not by the tagger: interview transcripts, signed quotations, headlines."""

from __future__ import annotations

import re

from parallax.nlp.quotes_decode import Attribution

# "Name: text" at the start of a paragraph; the label is short and has no sentence punctuation.
# transcripts quoted paragraph by paragraph open each turn with a quote mark: '"PENCE: Well, …'
_TURN = re.compile(r"^[^\S\n]*[\"“]?(?P<label>[A-Z][\w.'’\- ]{0,60}?)[ \t]*:[^\S\n]+(?P<body>\S.*)$", re.M)
# a stage note '"(CROSSTALK.)' is not speech
_CONTINUED_TURN = re.compile(r"^[^\S\n]*(?P<body>(?![\"“]?[(\[])\S.*\S)[^\S\n]*$", re.M)
_QUESTION_LABELS = frozenset(["q", "question", "interviewer", "host"])


# A paragraph that is one quotation signed with a dash: '"…" ― Sonya Herridge' (tweets, readers, epigraphs).
# Outlets also open with a closing mark (”…”), pad with no-break spaces and sign with initials ("Oscar P. Quintero").
_SIGNED = re.compile(
    r"^[^\S\n]*(?P<q>[“”\"«].+[”\"»])[^\S\n]*(?P<cue>[―—–]|--?)[^\S\n]*"
    r"(?P<src>[A-Z@](?:[^\n.!?“”\"]|\.(?=[^\S\n]+[A-Z])){1,60}?)[^\S\n.]*\.?[^\S\n]*$",
    re.M,
)


def signed_quotes(text: str) -> tuple[list[Attribution], list[tuple[int, int]]]:
    """Quotations signed with a dash and a name, and their paragraph spans."""
    out: list[Attribution] = []
    spans: list[tuple[int, int]] = []
    for m in _SIGNED.finditer(text):
        if len(m.group("src").split()) > 6:
            continue
        out.append(Attribution(m.span("q"), m.span("cue"), m.span("src"), True))
        spans.append((m.start("q"), m.end()))
    return out, spans


# A headline 'Trump: "I'm the worst thing that ever happened to the establishment."' or 'Poll: Clinton
# leads' attributes its text to the label; kicker words ("Breaking:", "Revealed:") do not.
_HEADLINE = re.compile(
    r"\A[^\S\n]*(?P<label>[A-Z][\w.'’\- ]{0,40}?):[^\S\n]+(?P<body>\S[^\n]*?)[.\s]*$", re.M
)
_KICKERS = frozenset(
    [
        "the",
        "a",
        "an",
        "breaking",
        "revealed",
        "wow",
        "look",
        "watch",
        "video",
        "photos",
        "exclusive",
        "update",
        "live",
        "opinion",
        "analysis",
        "editorial",
        "bombshell",
        "just",
        "leaked",
        "report",
        "fact",
        "check",
        "review",
    ]
)


def headline_attribution(text: str) -> Attribution | None:
    """The first line read as 'Source: content' when its label looks like a name (at most 3 words)."""
    m = _HEADLINE.match(text)
    if m is None:
        return None
    words = m.group("label").split()
    if len(words) > 3 or not all(w[:1].isupper() for w in words) or m.group("label").isupper():
        return None
    if words[0].lower() in _KICKERS or words[-1].lower() in _KICKERS:
        return None
    cue = m.end("label")
    return Attribution(m.span("body"), (cue, cue + 1), m.span("label"), False)


def interview_turns(text: str) -> tuple[list[Attribution], list[tuple[int, int]]]:
    """Answers of an interview transcript as attributions, and the spans of all its turns.

    A transcript has at least two turns under labels that recur; the interviewer is the
    label whose turns are (mostly) questions, or a label like "Q".
    """
    turns, by_label, interviewers = _transcript(text)
    if not interviewers:
        return [], []
    answers: list[Attribution] = []
    spans: list[tuple[int, int]] = []
    recurring = [m for m in turns if len(by_label[m.group("label").strip()]) >= 2]
    for k, m in enumerate(recurring):
        spans.append((m.start("label"), m.end("body")))
        label = m.group("label").strip()
        # paragraphs up to the next turn without a label of their own continue this one
        # (not after the last turn: the article may go on in its own voice); "(CROSSTALK)" is not speech
        more: list[tuple[int, int]] = []
        if k + 1 < len(recurring):
            gap = text[m.end("body") : recurring[k + 1].start()]
            more = [
                (m.end("body") + c.start("body"), m.end("body") + c.end("body"))
                for c in _CONTINUED_TURN.finditer(gap)
            ]
            more = more if len(more) <= 6 else []
        spans.extend(more)
        if label in interviewers:
            continue
        ls = m.start("label")
        body = (m.start("body"), m.end("body"))
        answers.append(
            Attribution(
                (body[0], more[-1][1] if more else body[1]),
                (m.end("label"), m.end("label") + 1) if text[m.end("label")] == ":" else None,
                (ls, ls + len(label)),
                True,
                parts=[body, *more] if more else [],
            )
        )
    return answers, spans


def interviewer_labels(text: str) -> set[str]:
    """The interviewer labels of a transcript ("Sputnik" of "Sputnik: …?" turns); empty if none."""
    return _transcript(text)[2]


def _transcript(text: str) -> tuple[list[re.Match[str]], dict[str, list[re.Match[str]]], set[str]]:
    """Labelled turns, turns by label, and the interviewer labels (none when this is no transcript)."""
    turns = [m for m in _TURN.finditer(text) if _looks_like_label(m.group("label"))]
    by_label: dict[str, list[re.Match[str]]] = {}
    for m in turns:
        by_label.setdefault(m.group("label").strip(), []).append(m)
    if len(turns) < 3 or len(by_label) < 2 or max(len(v) for v in by_label.values()) < 2:
        return turns, by_label, set()

    def question_share(ms: list[re.Match[str]]) -> float:
        return sum(m.group("body").rstrip().endswith("?") for m in ms) / len(ms)

    interviewers = {
        lab for lab, ms in by_label.items() if lab.lower() in _QUESTION_LABELS or question_share(ms) >= 0.5
    }
    if len(interviewers) == len(by_label):
        return turns, by_label, set()
    return turns, by_label, interviewers


def _looks_like_label(label: str) -> bool:
    words = label.split()
    if not words or len(words) > 6:
        return False
    # speaker labels are names or roles: capitalised words (titles like "Dr." allowed)
    return sum(w[:1].isupper() for w in words) >= max(1, len(words) - 1)
