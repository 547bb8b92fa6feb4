"""MT4 and MT5 files as the platforms write them, including the real MT5 gateway sample."""

from __future__ import annotations

import json
import shutil
from datetime import datetime
from decimal import Decimal
from pathlib import Path

SAMPLE = Path(__file__).parents[1] / "fixtures" / "real_samples" / "mt5_deals_gateway_2019.csv"
MT5_HEADER = "Deal,Login,Time,TimeMsc,Symbol,Action,Entry,Volume,Price,Profit,Commission,Storage,PositionID,Comment,Server\n"


def test_real_mt5_gateway_sample_loads_whole(landing):
    target = landing.root / "trading" / SAMPLE.name
    target.parent.mkdir(parents=True)
    shutil.copy(SAMPLE, target)
    (f,) = landing.ingest().files
    assert (f.status, f.rows_read, f.rows_loaded, f.rows_quarantined) == ("loaded", 33, 33, 0)
    # Balance rows (Action 2): deals 1-14 and 17-19 of the file = 14 + 3 = 17 (as the sample's
    # README states).
    assert landing.query("select count(*) from raw.mt5_deals where action = 2") == [(17,)]
    # Exits (Entry 1) of 1-lot round trips: deals 16, 21, 23, 25, 27, 29, 31, 33 = 8 lots,
    # each with VolumeClosedExt 100000000 (1 lot in hundred-millionths).
    assert landing.query(
        "select count(*), sum(volumeclosedext) / 1e8 from raw.mt5_deals where action in (0, 1) and entry = 1"
    ) == [(8, 8.0)]
    # Time and TimeMsc come as datetimes, the latter with a fraction (deal 1).
    assert landing.query("select time, timemsc from raw.mt5_deals where deal = 1") == [
        (datetime(2018, 12, 19, 7, 37, 30), datetime(2018, 12, 19, 7, 37, 30, 507000))
    ]
    # 38 columns (37 of the gateway + Server): 18 contract columns are typed (Fee is absent),
    # the other 20 are kept in _extra.
    ((extra,),) = landing.query("select _extra from raw.mt5_deals where deal = 1")
    kept = json.loads(extra)
    assert len(kept) == 20
    assert kept["Timestamp"] == "131896750505077858" and kept["ApiData"] == "[]"
    assert {"Gateway", "TickValue", "ExternalID", "Dealer", "Order", "Reason"} <= set(kept)


def test_mt5_epoch_times_and_absent_optional_columns(landing):
    landing.write(
        "trading/mt5_deals_epoch.csv",
        MT5_HEADER
        # Time 1767225600 = 2026-01-01 00:00:00 UTC; TimeMsc 1767225600123 = the same + 123 ms
        + "1,1001,1767225600,1767225600123,EURUSD,0,0,10000,1.1,0,0,0,7,,S1\n",
    )
    (f,) = landing.ingest().files
    assert f.rows_loaded == 1
    assert landing.query(
        "select time, timemsc, volumeext, volumeclosed, fee from raw.mt5_deals"
    ) == [(datetime(2026, 1, 1), datetime(2026, 1, 1, 0, 0, 0, 123000), None, None, None)]


def test_mt5_reversal_without_closed_volume_columns_is_quarantined(landing):
    landing.write(
        "trading/mt5_deals.csv",
        MT5_HEADER
        + "1,1001,2026-01-01 10:00:00,,EURUSD,0,0,10000,1.1,0,0,0,7,,S1\n"  # line 2: in
        + "2,1001,2026-01-01 11:00:00,,EURUSD,1,2,20000,1.1,0,0,0,7,,S1\n"  # line 3: reversal
        + "3,1001,2026-01-01 12:00:00,,,2,2,0,0,50,0,0,0,,S1\n",  # line 4: balance, Entry irrelevant
    )
    (f,) = landing.ingest().files
    assert (f.rows_loaded, f.rows_quarantined) == (2, 1)
    assert landing.reasons("trading/mt5_deals.csv") == {
        3: "entry: a buy/sell reversal (Entry 2) in a file without VolumeClosed and VolumeClosedExt "
        "columns: its closed volume cannot be known"
    }


def test_mt5_reversal_with_a_closed_volume_column_loads(landing):
    landing.write(
        "trading/mt5_deals.csv",
        "Deal,Login,Time,Action,Entry,Volume,VolumeClosed,Server\n2,1001,2026-01-01 11:00:00,1,2,20000,10000,S1\n",
    )
    (f,) = landing.ingest().files
    assert (f.rows_loaded, f.rows_quarantined) == (1, 0)


def test_mt4_upper_case_columns_map_and_open_trades_keep_1970(landing):
    landing.write(
        "trading/mt4_trades.csv",
        "TICKET,LOGIN,SYMBOL,DIGITS,CMD,VOLUME,OPEN_TIME,OPEN_PRICE,CLOSE_TIME,CLOSE_PRICE,"
        "COMMISSION,SWAPS,PROFIT,COMMENT,MODIFY_TIME,SERVER,MARGIN_RATE\n"
        "501,2001,EURUSD,5,0,150,2026-02-01 09:00:00,1.08001,1970-01-01 00:00:00,0,-7,0,0,,"
        "2026-02-01 09:00:00,MT4-LIVE,1.0\n"
        "502,2001,GBPUSD,5,9,100,2026-02-01 09:00:00,1.2,2026-02-01 10:00:00,1.21,0,0,10,,"
        "2026-02-01 10:00:00,MT4-LIVE,1.0\n",  # CMD 9 does not exist
    )
    (f,) = landing.ingest().files
    assert (f.rows_loaded, f.rows_quarantined) == (1, 1)
    assert landing.query(
        "select ticket, login, cmd, volume, close_time, commission, server, _extra from raw.mt4_trades"
    ) == [
        (
            501,
            2001,
            0,
            150,
            datetime(1970, 1, 1),
            Decimal(-7),
            "MT4-LIVE",
            '{"MARGIN_RATE":"1.0"}',
        )
    ]
    assert landing.reasons("trading/mt4_trades.csv") == {
        3: "cmd: '9' is not one of 0|1|2|3|4|5|6|7"
    }
