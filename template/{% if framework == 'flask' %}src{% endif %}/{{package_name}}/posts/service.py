import re
import secrets
import unicodedata

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from ..errors import ConflictError, NotFoundError
from ..orm import utcnow
from ..pagination import PageParams
from ..users.models import User
from .models import Post
from .schemas import PostCreate, PostUpdate

_SLUG_MAX_BASE_LENGTH = 80


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:_SLUG_MAX_BASE_LENGTH].rstrip("-") or "post"


def _visible_to(viewer_id: int) -> ColumnElement[bool]:
    return or_(Post.published.is_(True), Post.author_id == viewer_id)


def list_posts(session: Session, viewer_id: int, page: PageParams) -> tuple[list[Post], int]:
    """Published posts and the viewer's own drafts, newest first, authors loaded."""
    visible = _visible_to(viewer_id)
    total = session.scalar(select(func.count()).select_from(Post).where(visible))
    posts = session.scalars(
        select(Post)
        .options(joinedload(Post.author))
        .where(visible)
        .order_by(Post.created_at.desc(), Post.id.desc())
        .limit(page.limit)
        .offset(page.offset)
    )
    return list(posts), total or 0


def _find_post(session: Session, post_id: int, condition: ColumnElement[bool]) -> Post:
    post = session.scalar(
        select(Post).options(joinedload(Post.author)).where(Post.id == post_id, condition)
    )
    if post is None:
        raise NotFoundError(f"Post {post_id} does not exist.")
    return post


def get_visible_post(session: Session, viewer_id: int, post_id: int) -> Post:
    return _find_post(session, post_id, _visible_to(viewer_id))


def get_own_post(session: Session, author_id: int, post_id: int) -> Post:
    # Someone else's post answers 404 like a missing one: existence does not leak.
    return _find_post(session, post_id, Post.author_id == author_id)


def _slug_is_taken(session: Session, slug: str) -> bool:
    return session.scalar(select(Post.id).where(Post.slug == slug)) is not None


def _slug_candidates(session: Session, data: PostCreate) -> list[str]:
    """The slugs to try in turn: the caller's own, or the title's then random variants."""
    if data.slug:
        return [data.slug]
    base = slugify(data.title)
    first = base if not _slug_is_taken(session, base) else f"{base}-{secrets.token_hex(3)}"
    # A concurrent request may take the same slug between the check and the insert.
    return [first, *(f"{base}-{secrets.token_hex(4)}" for _ in range(2))]


def create_post(session: Session, author: User, data: PostCreate) -> Post:
    for slug in _slug_candidates(session, data):
        post = Post(author=author, title=data.title, body=data.body, slug=slug)
        session.add(post)
        try:
            session.commit()
        except IntegrityError:
            session.rollback()
            if not _slug_is_taken(session, slug):
                raise
            session.refresh(author)  # the rollback expired it
            continue
        return post
    raise ConflictError(f"The slug {slug!r} is already taken.")


def update_post(session: Session, author_id: int, post_id: int, data: PostUpdate) -> Post:
    post = get_own_post(session, author_id, post_id)
    for field, value in data.model_dump(exclude_unset=True).items():
        setattr(post, field, value)
    session.commit()
    return post


def publish_post(session: Session, author_id: int, post_id: int) -> Post:
    post = get_own_post(session, author_id, post_id)
    if not post.published:
        post.published = True
        post.published_at = utcnow()
        session.commit()
    return post


def delete_post(session: Session, author_id: int, post_id: int) -> None:
    post = get_own_post(session, author_id, post_id)
    session.delete(post)
    session.commit()
