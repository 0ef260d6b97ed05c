"""The Dask integration on a LocalCluster with two worker processes (issue 7)."""

from __future__ import annotations

import pytest

from cnpolicytext import Pipeline, clean
from cnpolicytext.testing import SAMPLE, chunk_prefixes, hard_wrap, page_numbers

from .conftest import corpus_files

distributed = pytest.importorskip("distributed")
pd = pytest.importorskip("pandas")
db = pytest.importorskip("dask.bag")
dd = pytest.importorskip("dask.dataframe")

from cnpolicytext.dask import clean_bag, clean_dataframe  # noqa: E402


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=None, silence_logs=40)
    c = distributed.Client(cluster)
    yield c
    c.close()
    cluster.close()


def generated(n: int) -> list[str]:
    out = []
    for i in range(n):
        text = SAMPLE if i % 3 else hard_wrap(SAMPLE, 18 + i % 40)
        if i % 5 == 0:
            text = chunk_prefixes(text, 60 + i % 200)
        if i % 7 == 0:
            text = page_numbers(text, 80 + i % 100, 1 + i % 30)
        out.append(text[: 200 + (i * 37) % len(text)])
    return out


def test_bag_equals_single_process(client):
    texts = [p.read_text(encoding="utf-8") for p in corpus_files()] + generated(2000)
    bag = db.from_sequence(texts, npartitions=16)
    assert clean_bag(bag).compute() == [clean(t) for t in texts]


def test_bag_counts_and_custom_pipeline(client):
    p = Pipeline.default(skip=["punctuation"])
    bag = db.from_sequence(["精神,结合 发展", "二○一○年"], npartitions=2)
    assert clean_bag(bag, p, counts=True).compute() == [("精神,结合发展", 1), ("2010年", 1)]


def test_dataframe_column(client):
    texts = generated(300)
    df = dd.from_pandas(pd.DataFrame({"id": range(len(texts)), "text": texts}), npartitions=6)
    out = clean_dataframe(df, "text", out="clean", counts=True).compute()
    assert out["clean"].tolist() == [clean(t) for t in texts]
    assert out["text"].tolist() == texts
    assert (out["clean_edits"] >= 0).all() and out["id"].tolist() == list(range(len(texts)))


def test_a_template_learned_on_a_bag_is_the_one_learned_in_memory(client):
    from cnpolicytext.dask import learn_boilerplate
    from cnpolicytext.normalizers.boilerplate import learn

    from .test_chrome_pages import site_page

    pages = [site_page(i) for i in range(50)]
    texts = [p for p, _ in pages]
    bag = db.from_sequence(texts, npartitions=7)
    learned = learn_boilerplate(bag)
    assert learned == learn(texts) and len(learned) == 4
    assert clean_bag(bag, boilerplate=learned).compute() == [clean(doc) for _, doc in pages]
    with pytest.raises(ValueError, match="no boilerplate step"):
        clean_bag(bag, Pipeline.default(skip=["boilerplate"]), boilerplate=learned)
