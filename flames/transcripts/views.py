from django.http import HttpResponse

from flames.transcripts.selectors import public_captions
from flames.transcripts.webvtt import write_webvtt
from flames.web.pagecache import public_page
from flames.web.pages import found_or_404

CONTENT_TYPE = "text/vtt; charset=utf-8"


@public_page
def webvtt(request, slug, language):
    """A public episode's transcript as a WebVTT file, for players and podcast apps."""
    captions = found_or_404(public_captions(slug=slug, language=language))
    return HttpResponse(write_webvtt(captions), content_type=CONTENT_TYPE)
