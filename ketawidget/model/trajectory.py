"""A simulated run: time, named channels with units, and what produced it."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from .errors import LARGEST_FINITE, ParameterError, check_number

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["Trajectory"]


def _float_array(values: object, what: str) -> np.ndarray:
    """``values`` as a float64 array, or a ParameterError naming ``what`` (numpy's own error names
    neither the channel nor the clock)."""
    try:
        return np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError) as err:
        raise ParameterError(f"{what} must hold numbers; {err}") from None


def scalar_of(value: object) -> object:
    """A 0-d numpy array as its number (``at(np.array(0.5))`` as ``at(0.5)``); anything else as is."""
    return value[()] if isinstance(value, np.ndarray) and value.ndim == 0 else value


def _shown_array(times: np.ndarray) -> str:
    """A few of ``times`` for an error message."""
    flat = times.ravel()
    shown = ", ".join(f"{t:g}" for t in flat[:5])
    return f"[{shown}{', ...' if flat.size > 5 else ''}] (shape {times.shape})"


class Trajectory(Mapping[str, np.ndarray]):
    """The output of :func:`ketawidget.simulate`: channels aligned with ``time_h``.

    A read-only mapping from channel name to a 1-D array.

    Parameters
    ----------
    time_h : array_like
        Sample times, h: one or more finite numbers, strictly increasing.
    values : mapping of str to array_like
        One array per channel, each the shape of ``time_h``; stored read-only as float64.
    units : mapping of str to str
        A unit for every channel in ``values``.
    description : str, optional
        The dose that produced the run, in words.
    params : mapping, optional
        The parameter values used.

    Raises
    ------
    ParameterError
        (a ``ValueError``) If the times are not finite and strictly increasing, a channel's shape
        differs from ``time_h``'s, or a channel has no unit; the message names the clock or channel.

    Attributes
    ----------
    time_h : numpy.ndarray
        Sample times, hours since the start of the run (not uniform: fine around doses).
    channels : tuple of str
        Channel names, in a fixed order.
    units : dict
        Channel name -> unit string.
    description : str
        The dose that produced the run, in words.
    params : dict
        The parameter values used.
    """

    #: The clock's name in messages (a synapse run's is in ms).
    _CLOCK = "time_h"

    def __init__(
        self,
        time_h: np.ndarray,
        values: Mapping[str, np.ndarray],
        units: Mapping[str, str],
        *,
        description: str = "",
        params: Mapping[str, Any] | None = None,
    ) -> None:
        clock = self._CLOCK
        self.time_h = _float_array(time_h, clock)
        # Interpolation (at, the diagram's playback) needs one increasing clock; a reversed or
        # repeated time would be read silently wrong, so it is refused here, where it comes in.
        if self.time_h.ndim != 1 or self.time_h.size == 0 or not np.all(np.isfinite(self.time_h)) or np.any(np.diff(self.time_h) <= 0):
            raise ParameterError(f"{clock} must be a 1-D array of finite times, strictly increasing; got {_shown_array(self.time_h)}")
        self.time_h.setflags(write=False)
        self._values: dict[str, np.ndarray] = {}
        for name, arr in values.items():
            arr = _float_array(arr, f"channel {name}")
            if arr.shape != self.time_h.shape:
                raise ParameterError(f"channel {name} has shape {arr.shape}, {clock} has {self.time_h.shape}")
            if not np.all(np.isfinite(arr)):
                # The diagram would refuse the run (docs/wire-format.md) and the microscope its conditions.
                where = self.time_h[np.flatnonzero(~np.isfinite(arr))[0]]
                raise ParameterError(f"channel {name} must hold finite numbers; got {arr[~np.isfinite(arr)][0]} at {clock} {where:g}")
            arr.setflags(write=False)
            self._values[name] = arr
        self.channels: tuple[str, ...] = tuple(self._values)
        missing = [name for name in self.channels if name not in units]
        if missing:
            raise ParameterError(f"units must give a unit for every channel; none for {', '.join(missing)}")
        self.units: dict[str, str] = {name: units[name] for name in self.channels}
        self.description = description
        self.params = dict(params or {})

    def __getitem__(self, name: str) -> np.ndarray:
        try:
            return self._values[name]
        except KeyError:
            raise KeyError(f"no channel {name!r}; channels: {', '.join(self.channels)}") from None

    def __iter__(self) -> Iterator[str]:
        return iter(self.channels)

    def __len__(self) -> int:
        return len(self.channels)

    def at(self, time_h: float) -> dict[str, float]:
        """Every channel linearly interpolated at one moment.

        Parameters
        ----------
        time_h : float
            Hours since the start of the run; outside the run, the first or last sample is used.

        Returns
        -------
        dict of str to float
            Channel name -> value at ``time_h``.
        """
        t = check_number("time_h", scalar_of(time_h), -LARGEST_FINITE, LARGEST_FINITE, "h", allowed="a finite number of hours")
        return {name: float(np.interp(t, self.time_h, arr)) for name, arr in self._values.items()}

    def to_dataframe(self) -> pd.DataFrame:
        """The channels as a pandas DataFrame indexed by ``time_h`` (needs pandas)."""
        import pandas as pd

        frame = pd.DataFrame({name: self._values[name] for name in self.channels}, index=self.time_h)
        frame.index.name = "time_h"
        return frame

    def __repr__(self) -> str:
        span = f"{self.time_h[0]:g}-{self.time_h[-1]:g} h" if self.time_h.size else "empty"
        return f"<Trajectory {self.description!r}: {span}, {self.time_h.size} samples, channels {list(self.channels)}>"
