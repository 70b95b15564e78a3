"""The cue sheet as JSON shaped after the DDEX Cue Sheet message (AVS value sets).

Names follow DDEX where it has one: ``CueSheetType``, ``CueUseType``, ``CueOrigin``,
``MusicalWork``, ``ISWC``, ``ISRC``; roles are DDEX ``CreativeMusicalWorkContributorRole``
and ``MusicPublisher``; durations are ISO 8601 (``PT1M5S``) after the sheet's rounding
rule, which the document states in ``RoundingRule``. Exact positions are kept beside
them: start and end timecodes and frames, and the frame rate. It is a shape to map from,
not a validated DDEX message.
"""

from __future__ import annotations

import json

from cuesheets.export.rows import share_text
from cuesheets.identifiers import normal_isrc, normal_iswc
from cuesheets.sheet import ROUNDING_RULE, CueSheet, SheetRow
from scoresync.project.music import PartyRole

__all__ = ["sheet_json"]

_DDEX_ROLES = {
    PartyRole.COMPOSER: "Composer",
    PartyRole.AUTHOR: "Lyricist",
    PartyRole.COMPOSER_AUTHOR: "ComposerLyricist",
    PartyRole.ARRANGER: "Arranger",
    PartyRole.ADAPTER: "Adapter",
    PartyRole.PUBLISHER: "MusicPublisher",
    PartyRole.SUB_PUBLISHER: "SubPublisher",
    PartyRole.ADMINISTRATOR: "Administrator",
}


def iso_duration(seconds: int) -> str:
    """``PT1H2M5S``-style duration of whole seconds.

    >>> iso_duration(0), iso_duration(65), iso_duration(3725)
    ('PT0S', 'PT1M5S', 'PT1H2M5S')
    """
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    text = "PT"
    if hours:
        text += f"{hours}H"
    if minutes:
        text += f"{minutes}M"
    if secs or text == "PT":
        text += f"{secs}S"
    return text


def sheet_json(sheet: CueSheet) -> str:
    """The JSON text, indented, ending in a newline."""
    header = sheet.music.header
    programme = sheet.programme_seconds
    document = {
        "CueSheet": {
            "CueSheetType": "StandardCueSheet",
            "Target": sheet.target.value,
            "AudioVisualCreation": {
                "Title": sheet.title,
                "AlternativeTitle": header.aka,
                "EpisodeTitle": header.episode_title,
                "EpisodeNumber": header.episode_number,
                "ProductionNumber": header.production_number,
                "ProductionCompany": header.company,
                "ReleaseDate": header.air_date,
                "Duration": None if programme is None else iso_duration(programme),
            },
            "TotalMusicDuration": iso_duration(sheet.total_music_seconds),
            "PreparedBy": header.prepared_by,
            "FrameRate": sheet.rate.name,
            "RoundingRule": ROUNDING_RULE,
            "Cues": [_cue(row) for row in sheet.rows],
        }
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _cue(row: SheetRow) -> dict[str, object]:
    work = row.work
    return {
        "CueSequenceNumber": row.sequence,
        "CueNumber": str(row.use.cue),
        "CueUseType": row.use.usage.ddex,
        "UsageCode": row.usage_code,
        "IsVocal": row.use.usage.vocal,
        "IsVisual": row.use.usage.visual,
        "CueOrigin": None if work is None else work.origin.ddex,
        "StartTimecode": row.start_tc,
        "EndTimecode": row.end_tc,
        "DurationFrames": row.frames,
        "Duration": iso_duration(row.seconds),
        "MusicalWork": None
        if work is None
        else {
            "WorkId": work.id,
            "Title": work.title,
            "ISWC": normal_iswc(work.iswc) or None,
            "ISRC": normal_isrc(work.isrc) or None,
            "Library": work.library or None,
            "CatalogNumber": work.catalogue or None,
            "Performer": work.performer or None,
            "Contributors": [
                {
                    "Name": party.name,
                    "Role": _DDEX_ROLES[party.role],
                    "RoleCode": party.role.code,
                    "Society": party.society or None,
                    "IPINameNumber": party.ipi or None,
                    "RightSharePercentage": share_text(party.share),
                }
                for party in row.parties
            ],
        },
    }
