"""The caption parser: WebVTT and SRT in, timed cues with voices out, or a one-line error."""

import pytest

from flames.transcripts.parsing import (
    MAX_BYTES,
    CaptionError,
    Cue,
    format_timestamp,
    parse_captions,
)

VTT_WITH_VOICES = """WEBVTT
Kind: captions
Language: en

NOTE exported from YouTube Studio

intro
00:00:01.000 --> 00:00:04.500 align:start position:0%
<v Olena Halushka>Good evening, this is <i>Ukraine in Flames</i>.</v>

00:00:04.500 --> 00:00:09.000
<v.loud Pavlo Klimkin>Thank you, Olena. Sanctions &amp; tariffs
must go further.

00:00:09.000 --> 00:00:12.000
And faster.
"""

SRT = """1
00:00:01,000 --> 00:00:03,000
Hello <b>everyone</b>.

2
00:00:03,500 --> 00:01:04,250
{\\an8}Second cue,
on two lines.
"""


def test_parse_captions_reads_vtt_voice_tags():
    captions = parse_captions(VTT_WITH_VOICES, filename="episode.vtt")

    assert captions.format == "vtt"
    assert captions.cues == (
        Cue(1000, 4500, "Good evening, this is Ukraine in Flames.", "Olena Halushka", 8),
        Cue(
            4500,
            9000,
            "Thank you, Olena. Sanctions & tariffs must go further.",
            "Pavlo Klimkin",
            11,
        ),
        Cue(9000, 12000, "And faster.", "Pavlo Klimkin", 15),
    )
    assert captions.voices == ["Olena Halushka", "Pavlo Klimkin"]
    assert captions.warnings == ()


def test_parse_captions_reads_srt():
    captions = parse_captions(SRT, filename="episode.srt")

    assert captions.format == "srt"
    assert captions.cues == (
        Cue(1000, 3000, "Hello everyone.", "", 2),
        Cue(3500, 64250, "Second cue, on two lines.", "", 6),
    )


def test_parse_captions_detects_srt_by_content_without_file_name():
    assert parse_captions(SRT).format == "srt"


def test_parse_captions_reads_name_prefixes_as_voices():
    text = """WEBVTT

00:00:01.000 --> 00:00:02.000
Павло Клімкін: Дякую.

00:00:02.000 --> 00:00:03.000
Санкції працюють.

00:00:03.000 --> 00:00:04.000
>> MODERATOR: Next question.

00:00:04.000 --> 00:00:05.000
>> Someone else speaks.
"""
    cues = parse_captions(text).cues

    assert [(cue.voice, cue.text) for cue in cues] == [
        ("Павло Клімкін", "Дякую."),
        ("Павло Клімкін", "Санкції працюють."),
        ("MODERATOR", "Next question."),
        ("", "Someone else speaks."),
    ]


def test_parse_captions_keeps_times_of_day_and_long_prefixes_in_text():
    text = (
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nAt 10:30 we met. One two three four five: no.\n"
    )

    cue = parse_captions(text).cues[0]

    assert (cue.voice, cue.text) == ("", "At 10:30 we met. One two three four five: no.")


def test_parse_captions_malformed_timestamp_names_the_line():
    text = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nFine.\n\n00:00:03.000 --> 00:0:04.000\nBad.\n"

    with pytest.raises(CaptionError) as error:
        parse_captions(text)

    assert str(error.value) == ("line 6: malformed timestamp '00:0:04.000' (expected HH:MM:SS.mmm)")


def test_parse_captions_missing_timing_line_names_the_line():
    text = "1\n00:00:01,000 --> 00:00:02,000\nFine.\n\n2\nno timing here\n"

    with pytest.raises(CaptionError) as error:
        parse_captions(text, filename="x.srt")

    assert str(error.value) == (
        "line 5: expected a cue number and a timing line like '00:00:01,000 --> 00:00:04,000'"
    )


def test_parse_captions_cues_out_of_order_are_refused_naming_the_line():
    text = (
        "WEBVTT\n\n00:01:00.000 --> 00:01:05.000\nLater.\n\n"
        "00:00:10.000 --> 00:00:12.000\nEarlier.\n"
    )

    with pytest.raises(CaptionError) as error:
        parse_captions(text)

    assert str(error.value) == (
        "line 6: the cue starts at 00:00:10.000, before the cue on line 3 (00:01:00.000); "
        "cues must be in time order"
    )


def test_parse_captions_cue_ending_before_it_starts_is_refused():
    with pytest.raises(CaptionError) as error:
        parse_captions("WEBVTT\n\n00:00:05.000 --> 00:00:04.000\nBackwards.\n")

    assert str(error.value) == (
        "line 3: the cue ends (00:00:04.000) before it starts (00:00:05.000)"
    )


def test_parse_captions_overlapping_cues_are_trimmed_with_a_warning():
    text = (
        "WEBVTT\n\n00:00:01.000 --> 00:00:06.000\nOne.\n\n"
        "00:00:05.000 --> 00:00:08.000\nTwo.\n\n00:00:07.500 --> 00:00:09.000\nThree.\n"
    )

    captions = parse_captions(text)

    assert [(cue.start_ms, cue.end_ms) for cue in captions.cues] == [
        (1000, 5000),
        (5000, 7500),
        (7500, 9000),
    ]
    assert captions.warnings == (
        "2 cues overlapped the one before (lines 6, 9): each earlier cue now ends where the "
        "next one starts",
    )


def test_parse_captions_bom_and_crlf_are_read():
    data = "\ufeffWEBVTT\r\n\r\n00:00:01.000 --> 00:00:02.000\r\nМ’ясо.\r\n".encode()

    captions = parse_captions(data)

    assert captions.cues == (Cue(1000, 2000, "М’ясо.", "", 3),)


def test_parse_captions_empty_file_is_refused():
    with pytest.raises(CaptionError) as error:
        parse_captions(b"  \n\n")

    assert str(error.value) == "line 1: the file is empty"


def test_parse_captions_header_without_cues_is_refused():
    with pytest.raises(CaptionError) as error:
        parse_captions("WEBVTT\n\nNOTE nothing yet\n")

    assert str(error.value) == "line 3: the file has no cues"


def test_parse_captions_vtt_without_header_is_refused():
    with pytest.raises(CaptionError) as error:
        parse_captions("00:00:01.000 --> 00:00:02.000\nHi.\n", filename="talk.vtt")

    assert str(error.value) == "line 1: a WebVTT file must start with 'WEBVTT'"


def test_parse_captions_unknown_format_is_refused():
    with pytest.raises(CaptionError) as error:
        parse_captions("Just some notes.\n", filename="notes.txt")

    assert str(error.value) == (
        "line 1: not a WebVTT or SRT file (expected 'WEBVTT' or a cue number)"
    )


def test_parse_captions_not_utf8_names_the_line():
    with pytest.raises(CaptionError) as error:
        parse_captions(b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n\xcf\xf0\xe8\xe2\xb3\xf2\n")

    assert str(error.value) == ("line 4: the file is not UTF-8 text (byte 0xcf); save it as UTF-8")


def test_parse_captions_over_20_mb_is_refused():
    with pytest.raises(CaptionError) as error:
        parse_captions(b"WEBVTT\n" + b" " * MAX_BYTES)

    assert str(error.value) == "the file is 20.0 MB; the limit is 20 MB"


def test_parse_captions_hours_are_optional_and_long_files_keep_hours():
    text = "WEBVTT\n\n59:59.000 --> 01:00:01.500\nAround the hour.\n"

    cue = parse_captions(text).cues[0]

    assert (cue.start_ms, cue.end_ms) == (3_599_000, 3_601_500)
    assert format_timestamp(cue.end_ms) == "01:00:01.500"


def test_parse_captions_cues_without_text_are_left_out():
    text = (
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<c> </c>\n\n00:00:02.000 --> 00:00:03.000\nHi.\n"
    )

    assert [cue.text for cue in parse_captions(text).cues] == ["Hi."]
