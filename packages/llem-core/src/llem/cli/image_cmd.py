"""``llem image``: build and list the container images engines run in (``runner: docker``)."""

from __future__ import annotations

import click

from llem.cli.context import CliState


@click.group()
def image() -> None:
    """Container images of engines: one per engine and variant (cpu, cuda), for `runner: docker`.

    \b
    An image holds llem, the engine plugin and its pinned library (engine_versions/ENGINE.yaml)
    in a virtual environment. Every wheel is downloaded on this machine first (a wheelhouse in
    llem's cache folder, reused by later builds); the build itself runs with no network. Labels
    on the image record what it was built from, so a run refuses an image that no longer
    matches the installed llem and plugins, and names the command that rebuilds it.

    \b
    Examples:
      llem image build transformers                      cpu variant, base python:3.11-slim
      llem image build transformers --variant cuda       torch with CUDA (several GB)
      llem image build transformers --base llem-base:bookworm   without a registry
      llem image list                                    what is built, and is it up to date
    """


@image.command()
@click.argument("engine")
@click.option(
    "--variant",
    default="cpu",
    show_default=True,
    help="Which of the engine's images: cpu or cuda (an unknown one is refused with the list).",
)
@click.option(
    "--base",
    metavar="IMAGE",
    help="The base image (Debian-like, with python3 and venv). Default: $LLEM_IMAGE_BASE, else"
    " the Dockerfile's (python:3.11-slim, pulled from Docker Hub when not here).",
)
@click.option("--tag", metavar="NAME", help="Name of the image. Default: llem-ENGINE:VARIANT.")
@click.option("--no-cache", is_flag=True, help="Build every step again (the wheelhouse is kept).")
@click.option(
    "--keep-replaced",
    is_flag=True,
    help="Keep the image the tag named before this build (default: removed once the build"
    " succeeds, unless a container uses it or it has another tag).",
)
@click.pass_obj
def build(
    state: CliState,
    /,
    engine: str,
    variant: str,
    base: str | None,
    tag: str | None,
    no_cache: bool,
    keep_replaced: bool,
) -> None:
    """Build the image of ENGINE: wheelhouse on this machine, then `docker build`, offline.

    \b
    The base image must be on this Docker engine or pullable from a registry. Without a
    registry, build a Debian base locally once and use it:
      sudo docker/base/build-base.sh              (in a llem checkout: debootstrap + docker import)
      llem image build transformers --base llem-base:bookworm
    or set LLEM_IMAGE_BASE=llem-base:bookworm. Each build step is printed as it starts;
    `llem -v image build ...` prints all of the build's output. A rebuild removes the image it
    replaces (its layers can take GB), so repeated rebuilds do not fill the disk.
    """
    from llem.cli.image_view import BuildProgress, render_built
    from llem.images import BuildRequest, build_image, image_target

    target = image_target(state.host.registry, engine, variant)
    progress = BuildProgress(verbose=state.log_settings.verbosity > 0)
    request = BuildRequest(target, base, tag, no_cache, keep_replaced)
    built = build_image(request, progress)
    click.echo(render_built(built))


@image.command("list")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per image, with labels.")
@click.pass_obj
def list_images(state: CliState, /, as_json: bool) -> None:
    """Every local engine image: name, id, size, created, engine, variant, library version, and
    whether it matches the installed llem and plugins (or why not).

    \b
    A stale image is rebuilt with the command its row names; the rebuild removes the image it
    replaces. Untagged images from older llem versions are left to `docker image prune`.
    """
    from llem.cli.image_view import render_json, render_table
    from llem.images import list_images as find_images

    rows = find_images(state.host.registry)
    click.echo(render_json(rows) if as_json else render_table(rows))
