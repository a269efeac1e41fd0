"""Writing cues as WebVTT: escaped, voices tagged, and read back to the same cues."""

from flames.transcripts.parsing import Cue, parse_captions
from flames.transcripts.webvtt import write_webvtt

CUES = [
    Cue(1000, 4500, "Good evening & welcome to <Ukraine in Flames>.", "Olena Halushka", 0),
    Cue(4500, 9000, "Sanctions --> must bite.", "Pavlo Klimkin", 0),
    Cue(9000, 12000, "And faster.", "Pavlo Klimkin", 0),
    Cue(12000, 13000, "Someone else, unnamed.", "", 0),
    Cue(3_725_000, 3_730_250, "Дякую.", "Tom & Jerry", 0),
]


def test_write_webvtt_escapes_text_and_tags_voices():
    assert write_webvtt(CUES) == (
        "WEBVTT\n"
        "\n"
        "00:00:01.000 --> 00:00:04.500\n"
        "<v Olena Halushka>Good evening &amp; welcome to &lt;Ukraine in Flames&gt;.\n"
        "\n"
        "00:00:04.500 --> 00:00:09.000\n"
        "<v Pavlo Klimkin>Sanctions --&gt; must bite.\n"
        "\n"
        "00:00:09.000 --> 00:00:12.000\n"
        "<v Pavlo Klimkin>And faster.\n"
        "\n"
        "00:00:12.000 --> 00:00:13.000\n"
        "&gt;&gt; Someone else, unnamed.\n"
        "\n"
        "01:02:05.000 --> 01:02:10.250\n"
        "<v Tom &amp; Jerry>Дякую.\n"
    )


def test_write_webvtt_keeps_each_cue_on_one_line():
    written = write_webvtt([Cue(0, 1000, "One\n\ntwo\tthree ", "", 0)])

    assert written == "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nOne two three\n"


def test_write_webvtt_without_cues_is_just_the_header():
    assert write_webvtt([]) == "WEBVTT\n"


def test_parser_reads_written_webvtt_back_to_the_same_cues():
    captions = parse_captions(write_webvtt(CUES), filename="back.vtt")

    assert captions.format == "vtt"
    assert captions.warnings == ()
    assert [(c.start_ms, c.end_ms, c.text, c.voice) for c in captions.cues] == [
        (c.start_ms, c.end_ms, c.text, c.voice) for c in CUES
    ]
