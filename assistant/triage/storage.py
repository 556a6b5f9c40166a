"""A trained triage model as bytes, and back.

The bytes are a short magic line and then an uncompressed NumPy `.npz` archive of
plain arrays: the vocabulary as text, idf weights, the non-zero SVM weights, the
stacker's weights when training kept one, and a JSON header with the classes, routes,
calibration (with a stacker, the SVM's own temperature too) and training figures.
Older formats still load, so models stored before an upgrade keep serving: format 1
(before the stacker) as a model without a stacker, format 2 (before the SVM's
temperature) as a model whose out-of-scope score is the stacker's alone. Loading uses
`allow_pickle=False`, so no bytes can make it run code; anything unexpected is a
ValueError. SVM weights are float32 and every other number round-trips exactly, so a
loaded model triages exactly as the one that was saved.
"""

import io
import json
import zipfile

import numpy as np

from assistant.triage.features import BLOCKS, Block, Featurizer

MAGIC = b"supportsite-triage/3\n"
MAGIC_2 = b"supportsite-triage/2\n"  # no SVM temperature
MAGIC_1 = b"supportsite-triage/1\n"  # no stacker
VERSIONS = {MAGIC: 3, MAGIC_2: 2, MAGIC_1: 1}  # all of one length


def dump(model) -> bytes:
    header = {
        "classes": model.classes,
        "routes": model.routes,
        "temperature": model.temperature,
        "oos_threshold": model.oos_threshold,
        "human_threshold": model.human_threshold,
        "blocks": [block.name for block in model.featurizer.blocks],
        "stacker": model.stack_weights is not None,
        "svm_temperature": model.svm_temperature,
        "info": model.info,
    }
    flat = model.weights.ravel()
    nonzero = np.flatnonzero(flat)
    arrays = {
        "header": _text(json.dumps(header)),
        "bias": model.bias.astype(np.float64),
        "weight_shape": np.asarray(model.weights.shape, dtype=np.int64),
        "weight_index": nonzero.astype(np.int64),
        "weight_value": flat[nonzero].astype(np.float32),
    }
    if model.stack_weights is not None:
        arrays["stack_weight"] = model.stack_weights.astype(np.float64)
        arrays["stack_bias"] = model.stack_bias.astype(np.float64)
    for number, block in enumerate(model.featurizer.blocks):
        arrays[f"terms_{number}"] = _text("\n".join(block.index))
        arrays[f"idf_{number}"] = block.idf.astype(np.float64)
    buffer = io.BytesIO()
    buffer.write(MAGIC)
    np.savez(buffer, **arrays)
    return buffer.getvalue()


def load(model_class, data: bytes):
    if not isinstance(data, bytes | bytearray | memoryview):
        raise ValueError("Not a triage model (unknown format).")
    version = VERSIONS.get(bytes(data[: len(MAGIC)]))
    if version is None:
        raise ValueError("Not a triage model (unknown format).")
    try:
        with np.load(io.BytesIO(bytes(data[len(MAGIC) :])), allow_pickle=False) as archive:
            arrays = {name: archive[name] for name in archive.files}
        header = json.loads(_untext(arrays["header"]))
        blocks = []
        for number, name in enumerate(header["blocks"]):
            if name not in BLOCKS:
                raise ValueError(f"unknown feature block {name!r}")
            terms = _untext(arrays[f"terms_{number}"]).split("\n")
            idf = arrays[f"idf_{number}"].astype(np.float64)
            if terms == [""]:
                terms = []
            if len(terms) != len(idf):
                raise ValueError("vocabulary and idf differ in length")
            blocks.append(Block(name, {term: i for i, term in enumerate(terms)}, idf))
        featurizer = Featurizer(blocks)
        shape = tuple(int(n) for n in arrays["weight_shape"])
        classes = [str(name) for name in header["classes"]]
        if shape != (featurizer.n_features, len(classes)):
            raise ValueError("weights do not match the vocabulary and classes")
        weights = np.zeros(shape[0] * shape[1], dtype=np.float32)
        weights[arrays["weight_index"]] = arrays["weight_value"]
        bias = arrays["bias"].astype(np.float64)
        if bias.shape != (len(classes),):
            raise ValueError("biases do not match the classes")
        stack_weights = stack_bias = None
        if version >= 2 and header["stacker"]:
            stack_weights = arrays["stack_weight"].astype(np.float64)
            stack_bias = arrays["stack_bias"].astype(np.float64)
            n = len(classes)
            if stack_weights.shape != (n + 1, n) or stack_bias.shape != (n,):
                raise ValueError("the stacker does not match the classes")
        svm_temperature = None
        if version >= 3 and header["svm_temperature"] is not None:
            svm_temperature = float(header["svm_temperature"])
            if not svm_temperature > 0 or svm_temperature == float("inf"):
                raise ValueError("the SVM's temperature is not a positive number")
        return model_class(
            classes=classes,
            routes={str(k): str(v) for k, v in header["routes"].items()},
            featurizer=featurizer,
            weights=weights.reshape(shape),
            bias=bias,
            temperature=float(header["temperature"]),
            oos_threshold=float(header["oos_threshold"]),
            human_threshold=float(header["human_threshold"]),
            info=header.get("info", {}),
            stack_weights=stack_weights,
            stack_bias=stack_bias,
            svm_temperature=svm_temperature,
        )
    except ValueError as error:
        raise ValueError(f"Not a usable triage model: {error}") from error
    except (KeyError, IndexError, TypeError, OSError, zipfile.BadZipFile, EOFError) as error:
        raise ValueError(f"Not a usable triage model: {error!r}") from error


def _text(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-8"), dtype=np.uint8)


def _untext(array: np.ndarray) -> str:
    return array.astype(np.uint8).tobytes().decode("utf-8")
