/**
 * What a model is, before any tensor: its {@link dev.locus.model.config.ModelConfig}, the internal parameter names
 * and layout ({@link dev.locus.model.config.ParamNames}, {@link dev.locus.model.config.ParamSpec}) and the Hugging Face
 * {@code config.json} reader. Imports only {@code core}.
 */
package dev.locus.model.config;
