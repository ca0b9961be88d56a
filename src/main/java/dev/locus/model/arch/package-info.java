/**
 * One small adapter per Hugging Face architecture (GPT-2, Llama, Gemma, Gemma 2, Qwen2, Qwen3, Mistral, OLMo-2,
 * GPT-NeoX, Phi-3): config fields to
 * {@link dev.locus.model.config.ModelConfig}, checkpoint tensor names to internal parameters. Imports only {@code core}
 * and {@code model.config}.
 */
package dev.locus.model.arch;
