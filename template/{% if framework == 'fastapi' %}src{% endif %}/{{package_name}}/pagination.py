from typing import Annotated

from fastapi import Depends, Query
from pydantic import BaseModel

from .database import MAX_ID

MAX_PAGE_SIZE = 100


class PageParams(BaseModel):
    limit: int
    offset: int


class PageInfo(BaseModel):
    """The fields every paginated response carries next to its ``items``."""

    total: int
    limit: int
    offset: int


def _page_params(
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = 20,
    offset: Annotated[int, Query(ge=0, le=MAX_ID)] = 0,
) -> PageParams:
    return PageParams(limit=limit, offset=offset)


Pagination = Annotated[PageParams, Depends(_page_params)]
