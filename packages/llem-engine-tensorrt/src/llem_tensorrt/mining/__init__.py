"""How the TensorRT-LLM corpus is mined (developer tooling, used by llem-miners): the miner spec
only. TensorRT-LLM cannot be installed without NVIDIA's index and a GPU, so there is no replayer
and no schema discovery: the static miner reads the spec's functions off a source tree
(``llem-miners mine tensorrt --source DIR``) and nothing it mines is replayed. Nothing here runs
under ``llem run``."""
