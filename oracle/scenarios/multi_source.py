"""PySpark side of test/oracle/scenarios/multi-source.ts: queries over two streaming sources."""

from pyspark.sql import functions as F


def union_10_15(s1, s2):
    return s1.withWatermark("ts", "10 seconds").union(s2.withWatermark("ts", "15 seconds"))


def union_10_5(s1, s2):
    return s1.withWatermark("ts", "10 seconds").union(s2.withWatermark("ts", "5 seconds"))


def _s20_side(df, value):
    return df.withWatermark("time", "10 seconds").select(
        "key", F.window("time", "10 seconds").alias("window"), value
    )


def s20_windowed_left_outer(left, right):
    return _s20_side(left, "leftValue").join(
        _s20_side(right, "rightValue"), ["key", "window"], "left_outer"
    )


def s20_windowed_full_outer(left, right):
    return _s20_side(left, "leftValue").join(
        _s20_side(right, "rightValue"), ["key", "window"], "full_outer"
    )


def _s21(left, right, how, intervals):
    a = left.withWatermark("leftTime", "10 seconds")
    b = right.withWatermark("rightTime", "10 seconds")
    if intervals:
        rng = F.expr(
            "leftTime BETWEEN rightTime - INTERVAL 5 SECONDS AND rightTime + INTERVAL 5 SECONDS"
        )
    else:
        lt = a.leftTime.cast("long")
        rt = b.rightTime.cast("long")
        rng = (lt >= rt - 5) & (lt <= rt + 5)
    return a.join(b, (a.leftKey == b.rightKey) & rng, how)


def inner_on_keys(left, right):
    return left.join(right, left.leftKey == right.rightKey)


def s21_left_outer(left, right):
    return _s21(left, right, "left_outer", False)


def s21_right_outer(left, right):
    return _s21(left, right, "right_outer", False)


def s21_full_outer(left, right):
    return _s21(left, right, "full_outer", False)


def s21_left_outer_intervals(left, right):
    return _s21(left, right, "left_outer", True)


def left_outer_no_watermark(left, right):
    return left.join(right, "key", "left_outer")


def ads_inner_range(impressions, clicks):
    i = impressions.withWatermark("impressionTime", "20 seconds")
    c = clicks.withWatermark("clickTime", "30 seconds")
    it = i.impressionTime.cast("long")
    ct = c.clickTime.cast("long")
    return i.join(c, (i.adId == c.clickAdId) & (ct >= it) & (ct <= it + 60), "inner")


def ads_left_outer_window(impressions, clicks):
    i = impressions.withWatermark("impressionTime", "20 seconds").select(
        F.col("adId").alias("ad"), F.window("impressionTime", "30 seconds").alias("window"), "campaign"
    )
    c = clicks.withWatermark("clickTime", "30 seconds").select(
        F.col("clickAdId").alias("ad"), F.window("clickTime", "30 seconds").alias("window"), "cost"
    )
    return i.join(c, ["ad", "window"], "left_outer")


def agg_after_range_join(left, right):
    a = left.withWatermark("lt", "10 seconds")
    b = right.withWatermark("rt", "10 seconds")
    lt = a.lt.cast("long")
    rt = b.rt.cast("long")
    joined = a.join(b, (a.k == b.k2) & (lt >= rt - 5) & (lt <= rt + 5))
    return joined.groupBy(F.window("lt", "10 seconds")).count()


def ads_clicks_per_window(impressions, clicks):
    return ads_inner_range(impressions, clicks).groupBy(
        F.window("impressionTime", "30 seconds"), "campaign"
    ).agg(F.count(F.lit(1)).alias("clicks"), F.sum("cost").alias("cost"))
