"""The join seed app on Spark (test/oracle/scenarios/seed-join.ts): the stream joined with the
users Delta table our engine wrote, and its updates between batches."""

from pyspark.sql import functions as F

USERS_DDL = "user_id INT, name STRING, tier STRING, country STRING"


def _users(df, users):
    return df.sparkSession.read.format("delta").load(users)


def inner(df, users, **_):
    return df.join(_users(df, users), "user_id", "inner")


def left_outer(df, users, **_):
    return df.join(_users(df, users), "user_id", "left_outer")


def inner_users_below_60(df, users, **_):
    return df.join(_users(df, users).filter(F.col("user_id") < 60), "user_id", "inner")


def left_outer_filtered(df, users, **_):
    return df.join(_users(df, users), "user_id", "left_outer").filter(
        (F.col("value") > 50) & (F.col("tier") != "gold") & (F.col("user_id") < 90)
    )


def update_users(spark, batch_id, users, arrivals, overwrite, **_):
    """After batch 1 append the two missing users; after batch 3 overwrite the table."""
    if batch_id == 1:
        spark.read.schema(USERS_DDL).json(arrivals).write.format("delta").mode("append").save(users)
    elif batch_id == 3:
        spark.read.schema(USERS_DDL).json(overwrite).write.format("delta").mode("overwrite").save(users)
