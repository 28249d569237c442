import base64
import re

import numpy as np
import pytest

from stancekit.positions import Evidence, position_matrix  # noqa: E402
from stancekit.report import render_report, write_report  # noqa: E402

DOC = 'Biden said the deal <works>. Bennett said it "fails" & must go. Raisi said no.'
RECORDS = [
    Evidence("Biden", "iran_deal", 0.7, doc_id="d", span=(20, 27), text="<works>",
             proba={"against": 0.1, "favor": 0.8, "none": 0.1}),
    Evidence("Bennett", "iran_deal", -0.8, doc_id="d", span=(45, 52), text='"fails"',
             proba={"against": 0.85, "favor": 0.05, "none": 0.1}),
    Evidence("Raisi", "iran_deal", -0.3, doc_id="d", span=(75, 77), text="no"),
    Evidence("Raisi", "gulf", 0.2, doc_id="d", span=(0, 5), text="WRONG"),
]  # fmt: skip


@pytest.fixture(scope="module")
def html(tmp_path_factory):
    P = position_matrix(RECORDS, n_boot=50, random_state=0)
    folder = tmp_path_factory.mktemp("png")
    return render_report(P, documents={"d": DOC}, title="Iran <deal>", png_dir=folder), folder


def test_self_contained_with_pictures(html):
    text, folder = html
    assert text.startswith("<!DOCTYPE html>")
    images = re.findall(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"', text)
    assert len(images) == 3
    for data in images:
        assert base64.b64decode(data).startswith(b"\x89PNG")
    assert "http://" not in text and "https://" not in text  # nothing to fetch
    assert sorted(p.name for p in folder.iterdir()) == ["distances.png", "map.png", "positions.png"]


def test_text_is_escaped(html):
    text, _ = html
    assert "<works>" not in text and "&lt;works&gt;" in text
    assert "<title>Iran &lt;deal&gt;</title>" in text
    assert "&quot;fails&quot;" in text


def test_evidence_with_offsets_and_probabilities(html):
    text, _ = html
    assert "chars 20–27" in text and "P(favor)=0.80" in text
    assert 'id="cell-0-0"' in text and 'href="#cell-0-0"' in text  # table links to evidence
    assert text.count("offsets do not match the document") == 1  # the WRONG span


def test_write_report_from_analysis(tmp_path, nlp):
    from stancekit.analysis import analyze

    class FakeModel:
        classes_ = np.array(["against", "favor", "none"])

        def predict_proba(self, texts, topics, **kw):
            out = np.tile([0.1, 0.1, 0.8], (len(texts), 1))
            for i, t in enumerate(texts):
                if "good" in t:
                    out[i] = [0.1, 0.8, 0.1]
                elif "bad" in t:
                    out[i] = [0.8, 0.1, 0.1]
            return out

    text = (
        'Senator Smith said the deal is good for peace. "It is a bad deal," said Governor Jones. '
        'Ambassador Lee said the agreement is good. "This is bad," Mayor Brown told reporters.'
    )
    a = analyze({"story": text}, ["iran_deal"], model=FakeModel(), dates={"story": "2015-09-10"},
                n_boot=20)  # fmt: skip
    assert all(e.date == "2015-09-10" for e in a.positions.evidence)
    path = a.report(tmp_path / "r.html", png_dir=tmp_path)
    out = path.read_text()
    for e in a.positions.evidence:
        assert text[e.span[0] : e.span[1]] == e.text
    assert "offsets do not match" not in out
    assert (tmp_path / "positions.png").stat().st_size > 1000


def test_write_report_rejects_other_sources(tmp_path):
    with pytest.raises(TypeError, match="source must be an Analysis or a PositionMatrix"):
        write_report({"positions": 1}, tmp_path / "x.html")
