"""Durations written the way the triage queue shows them (times: genesis_site.uk_time)."""

from datetime import timedelta


def short_duration(value: timedelta) -> str:
    """A duration in its two largest units: "1d 3h", "3h 5m", "12m"."""
    minutes = int(abs(value).total_seconds() // 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        return f"{days}d {hours}h"
    if hours:
        return f"{hours}h {minutes}m"
    return f"{minutes}m"
