"""The day a build is for: today, or the day of SOURCE_DATE_EPOCH, so rebuilding a commit is reproducible."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping

from penjelas.core.messages import t


def today(environ: Mapping[str, str] | None = None) -> dt.date:
    """Today's date, or the day of SOURCE_DATE_EPOCH (UTC) when it is set, so rebuilding a commit is reproducible.

    Explainers dated after this day are not published yet. ValueError for a malformed SOURCE_DATE_EPOCH,
    saying so in the editor's language.
    """
    value = (os.environ if environ is None else environ).get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return dt.date.today()
    if not value.isdigit():
        raise ValueError(
            t("SOURCE_DATE_EPOCH must be a whole number of seconds since 1970, not '{value}'", value=value)
        )
    return dt.datetime.fromtimestamp(int(value), tz=dt.UTC).date()
