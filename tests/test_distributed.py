"""analyze_dask on a 2-worker loopback cluster equals the local streaming result."""

import dask.dataframe as dd  # noqa: E402
import numpy as np
import pandas as pd  # noqa: E402
import pytest
from distributed import Client, LocalCluster  # noqa: E402
from test_streaming import DOCS  # noqa: E402

from stancekit.distributed import analyze_dask  # noqa: E402
from stancekit.streaming import analyze_stream  # noqa: E402

TOPICS = ["iran_deal", "gulf_normalization"]
ARTICLES = pd.DataFrame(
    {
        "id": list(DOCS),
        "text": list(DOCS.values()),
        "date": pd.date_range("2021-01-01", periods=len(DOCS)).strftime("%Y-%m-%d"),
    }
)


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory):
    """A fresh small model saved once, so that every worker loads the same weights."""
    from stancekit.stances import StanceModel

    path = tmp_path_factory.mktemp("model") / "tiny"
    StanceModel(shared_layers=5).save(path)
    return path


@pytest.fixture(scope="module")
def local(model_dir):
    from stancekit.stances import StanceModel

    model = StanceModel.load(model_dir)
    return analyze_stream(ARTICLES[["id", "text"]].itertuples(index=False), TOPICS, model)


@pytest.fixture(scope="module")
def client():
    # Thread workers for the API tests: they pay no worker start-up (torch, spaCy imports).
    # The process path (analyze_dask's default) has its own test below.
    with (
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=False,
            dashboard_address="127.0.0.1:0",
        ) as cluster,
        Client(cluster) as c,
    ):
        yield c


def assert_same(P, Q):
    assert P.actors == Q.actors and P.topics == Q.topics
    np.testing.assert_allclose(P.sums, Q.sums, atol=1e-6)
    np.testing.assert_allclose(P.weights, Q.weights, atol=1e-6)
    np.testing.assert_array_equal(P.counts, Q.counts)


def test_dask_dataframe_equals_local(client, model_dir, local):
    frame = dd.from_pandas(ARTICLES, npartitions=3)
    P = analyze_dask(frame, TOPICS, client=client, model_path=model_dir, chunk_size=1)
    assert_same(P, local)
    assert local.counts.sum() > 0 and "Mark Milley" in P.actors


def test_parquet_and_jsonl_globs(client, model_dir, local, tmp_path):
    for i, part in enumerate(np.array_split(np.arange(len(ARTICLES)), 2)):
        ARTICLES.iloc[part].to_parquet(tmp_path / f"part{i}.parquet")
        ARTICLES.iloc[part].to_json(tmp_path / f"part{i}.jsonl", orient="records", lines=True)
    P = analyze_dask(str(tmp_path / "*.parquet"), TOPICS, client=client, model_path=model_dir)
    assert_same(P, local)
    Q = analyze_dask(
        str(tmp_path / "*.jsonl"), TOPICS, client=client, model_path=model_dir, date_col="date"
    )
    assert_same(Q, local)


def test_fast_extractor_on_workers_equals_local(client, model_dir):
    from stancekit.stances import StanceModel

    rows = ARTICLES[["id", "text"]].itertuples(index=False)
    local = analyze_stream(rows, TOPICS, StanceModel.load(model_dir), extractor="fast")
    frame = dd.from_pandas(ARTICLES, npartitions=2)
    P = analyze_dask(frame, TOPICS, client=client, model_path=model_dir, extractor="fast")
    assert_same(P, local)
    assert local.counts.sum() > 0


def test_errors(client):
    frame = dd.from_pandas(ARTICLES.rename(columns={"text": "body"}), npartitions=1)
    with pytest.raises(ValueError, match="lack columns"):
        analyze_dask(frame, TOPICS, client=client)
    with pytest.raises(ValueError, match="parquet or .jsonl"):
        analyze_dask("articles.csv", TOPICS, client=client)
    frame = dd.from_pandas(ARTICLES, npartitions=1)
    with pytest.raises(ValueError, match="'extractor' parameter of analyze_dask must be one of"):
        analyze_dask(frame, TOPICS, client=client, extractor="spacy")


def test_own_two_process_loopback_cluster_equals_local(model_dir, local):
    """No client: analyze_dask starts 2 worker processes on 127.0.0.1 and closes them."""
    import time

    frame = dd.from_pandas(ARTICLES, npartitions=2)
    t0 = time.perf_counter()
    P = analyze_dask(frame, TOPICS, model_path=model_dir, n_workers=2)
    seconds = time.perf_counter() - t0
    assert_same(P, local)
    print(f"2-process loopback cluster, start to close: {seconds:.1f} s")
